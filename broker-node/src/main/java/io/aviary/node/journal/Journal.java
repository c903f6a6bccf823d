package io.aviary.node.journal;

import io.aviary.broker.message.Message;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.cluster.Wire;
import io.aviary.node.session.SessionReplica;
import io.aviary.node.tenant.Tenants;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.jboss.logging.Logger;

/**
 * A single node's durable state in its data directory, so that a restart with the same directory
 * resumes it: persistent sessions (their state and undelivered QoS 1/2 messages, as {@link
 * SessionReplica}) and retained messages, in an H2 MVStore file ({@code broker.journal}).
 *
 * <p>Writes go to the store's maps at once, in the order they are made, and are committed to the
 * file by one thread, many writes per commit; a write's stage completes once a commit holds it, so
 * a publisher's PUBACK waits for it as it would for the cluster's copy. A commit reaches the
 * operating system, not the disk: the journal survives the broker process being killed, not the
 * machine losing power before the file system writes it out.
 */
public final class Journal implements SessionReplica, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Journal.class);
  private static final char SEPARATOR = '\u0000';

  private final MVStore store;
  private final MVMap<String, byte[]> states;
  private final MVMap<String, byte[]> messages;
  private final MVMap<String, byte[]> retained;
  private final ExecutorService committer;
  private final AtomicReference<CompletableFuture<Void>> nextCommit = new AtomicReference<>();
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong incarnations = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  private Journal(MVStore store) {
    this.store = store;
    this.states = store.openMap("session-state");
    this.messages = store.openMap("session-messages");
    this.retained = store.openMap("retained");
    this.committer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "aviary-journal");
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens (or creates) the journal in {@code dataDir}. */
  public static Journal open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the data directory " + dataDir, e);
    }
    Path file = dataDir.resolve("broker.journal");
    try {
      MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      return new Journal(store);
    } catch (MVStoreException e) {
      throw new IllegalStateException(
          "cannot open the journal "
              + file
              + " (is another broker using this data directory?): "
              + e.getMessage(),
          e);
    }
  }

  // ---- SessionReplica ----

  @Override
  public String newIncarnation() {
    return "j" + run + "." + incarnations.incrementAndGet();
  }

  @Override
  public String messageKey(String session, String incarnation) {
    return session
        + SEPARATOR
        + incarnation
        + SEPARATOR
        + String.format("%019d", sequence.incrementAndGet());
  }

  @Override
  public CompletionStage<Void> putMessage(String key, Delivery delivery) {
    messages.put(key, Wire.delivery(delivery));
    return committed();
  }

  @Override
  public void removeMessage(String key) {
    if (messages.remove(key) != null) {
      committed();
    }
  }

  @Override
  public CompletionStage<Void> putState(String session, Saved state) {
    states.put(session, Wire.saved(state));
    return committed();
  }

  @Override
  public CompletionStage<Void> discard(String session) {
    states.remove(session);
    removeMessages(session, null);
    return committed();
  }

  @Override
  public CompletionStage<Void> keepOnly(String session, String incarnation) {
    removeMessages(session, incarnation);
    return committed();
  }

  /**
   * Keeps {@code message} as its topic's retained message, or forgets the topic's (empty payload).
   */
  public CompletionStage<Void> retained(OrgId org, Message message) {
    String key = Tenants.key(org, message.topic().value());
    if (message.payload().length == 0) {
      retained.remove(key);
    } else {
      retained.put(key, Wire.retained(message));
    }
    return committed();
  }

  private void removeMessages(String session, String keep) {
    String prefix = session + SEPARATOR;
    List<String> doomed = new ArrayList<>();
    for (Iterator<String> it = messages.keyIterator(prefix); it.hasNext(); ) {
      String key = it.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      if (keep == null || !incarnation(key, prefix).equals(keep)) {
        doomed.add(key);
      }
    }
    doomed.forEach(messages::remove);
  }

  private static String incarnation(String key, String prefix) {
    return key.substring(prefix.length(), key.indexOf(SEPARATOR, prefix.length()));
  }

  /** Completes once a commit holds every write made before this call. */
  private CompletionStage<Void> committed() {
    while (true) {
      CompletableFuture<Void> pending = nextCommit.get();
      if (pending != null) {
        return pending;
      }
      CompletableFuture<Void> created = new CompletableFuture<>();
      if (nextCommit.compareAndSet(null, created)) {
        committer.execute(this::commit);
        return created;
      }
    }
  }

  private void commit() {
    CompletableFuture<Void> done = nextCommit.getAndSet(null);
    try {
      store.commit();
      done.complete(null);
    } catch (RuntimeException e) {
      LOG.error("the journal could not commit", e);
      done.completeExceptionally(e);
    }
  }

  // ---- restart ----

  /**
   * Puts back what the journal holds: retained messages into their organizations' stores, and
   * persistent sessions, offline, into their registries (their subscriptions routing, their
   * messages queued until their clients reconnect). Sessions that expired while the node was down
   * are dropped. Completes once every session is back.
   */
  public CompletionStage<Restored> restore(Tenants tenants, EventLoopGroup loops) {
    long now = System.currentTimeMillis();
    int retainedCount = 0;
    for (var e : retained.entrySet()) {
      String key = e.getKey();
      Message m = Wire.retained(e.getValue());
      if (m.isExpired(now)) {
        retained.remove(key);
        continue;
      }
      tenants.of(Tenants.orgOf(key)).router().retainedElsewhere(m);
      retainedCount++;
    }
    List<CompletableFuture<Boolean>> back = new ArrayList<>();
    int messageCount = 0;
    for (String session : List.copyOf(states.keySet())) {
      Saved saved = Wire.saved(states.get(session));
      if (saved.expirySeconds() == 0 || saved.expired(now)) {
        discard(session);
        continue;
      }
      Copy copy = new Copy(saved, pending(session, now));
      messageCount += copy.pending().size();
      // A single node holds every session it restores.
      back.add(
          tenants
              .adopt(session, copy, loops.next(), s -> CompletableFuture.completedFuture(true))
              .toCompletableFuture());
    }
    Restored restored = new Restored(back.size(), messageCount, retainedCount);
    return CompletableFuture.allOf(back.toArray(CompletableFuture[]::new)).thenApply(x -> restored);
  }

  /** What a restart put back. */
  public record Restored(int sessions, int messages, int retained) {}

  /** The session's messages in the order written, each older incarnation's before the newer. */
  private List<Delivery> pending(String session, long now) {
    String prefix = session + SEPARATOR;
    List<Delivery> pending = new ArrayList<>();
    for (Iterator<String> it = messages.keyIterator(prefix); it.hasNext(); ) {
      String key = it.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      Delivery d = Wire.delivery(messages.get(key));
      if (!d.message().isExpired(now)) {
        pending.add(d);
      }
    }
    return pending;
  }

  @Override
  public void close() throws InterruptedException {
    committer.shutdown();
    committer.awaitTermination(5, TimeUnit.SECONDS);
    store.close();
  }
}
