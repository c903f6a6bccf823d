package io.aviary.node.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.query.Predicates;
import io.aviary.broker.message.Message;
import io.aviary.broker.session.Delivery;
import io.aviary.node.session.SessionReplica;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Persistent sessions copied into two Hazelcast maps with one synchronous backup each, so that the
 * loss of any one node loses none of them: {@code aviary.session-state} (key {@code org/client-id}:
 * incarnation, expiry, when the client left, subscriptions) and {@code aviary.session-messages}
 * (one entry per QoS 1/2 delivery the client has not received).
 *
 * <p>A message key is {@code m:incarnation:seq@org/client-id}, partitioned by the session it
 * belongs to ({@link SessionMessagePartitioning}), so a session's entries share a partition and are
 * found by one partition query when a node takes the session over. Message entries expire with
 * their message; a state entry whose client left expires with the session, and its messages are
 * then removed by the member that owned it.
 */
final class SessionCopies implements SessionReplica {
  private static final Logger LOG = Logger.getLogger(SessionCopies.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Vertx vertx;
  private final String nodeId;
  private final IMap<String, byte[]> states;
  private final IMap<String, byte[]> messages;
  private final AtomicLong incarnations = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  /** The last ordered step (state write, discard, keepOnly) of each session key on this node. */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();

  private final Counter writeFailures;

  /**
   * Where continuations run: Hazelcast completes its futures on its own threads, which may not make
   * remote calls, so nothing here continues on them, and no stage handed out completes on them.
   */
  private final Executor hop;

  SessionCopies(
      Vertx vertx,
      String nodeId,
      IMap<String, byte[]> states,
      IMap<String, byte[]> messages,
      Counter writeFailures) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.states = states;
    this.messages = messages;
    this.writeFailures = writeFailures;
    EventLoopGroup loops = ((VertxInternal) vertx).nettyEventLoopGroup();
    this.hop = task -> loops.next().execute(task);
  }

  /** Removes the messages of sessions that expired while no node held them. */
  void start() {
    states.addLocalEntryListener(
        (EntryExpiredListener<String, byte[]>)
            (EntryEvent<String, byte[]> event) -> {
              String session = event.getKey();
              vertx.executeBlocking(
                  () -> {
                    removeMessages(session, null);
                    return null;
                  },
                  false);
            });
  }

  @Override
  public String newIncarnation() {
    return nodeId + "." + incarnations.incrementAndGet();
  }

  @Override
  public String messageKey(String session, String incarnation) {
    return SessionMessagePartitioning.PREFIX
        + incarnation
        + ":"
        + sequence.incrementAndGet()
        + "@"
        + session;
  }

  @Override
  public CompletionStage<Void> putMessage(String key, Delivery delivery) {
    Message m = delivery.message();
    long ttl = 0; // no expiry
    if (m.expiresAtMillis() != 0) {
      ttl = Math.max(1, m.remainingExpirySeconds(System.currentTimeMillis()));
    }
    return counted(messages.setAsync(key, Wire.delivery(delivery), ttl, TimeUnit.SECONDS));
  }

  @Override
  public void removeMessage(String key) {
    // Called on an event loop: the stages handed out here complete on one ({@link #counted}).
    messages.removeAsync(key);
  }

  @Override
  public CompletionStage<Void> putState(String session, Saved state) {
    // A session whose client left lasts its expiry interval; the copy expires with it.
    long ttl =
        state.detachedAtMillis() == 0 || state.expirySeconds() == NEVER_EXPIRES
            ? 0
            : state.expirySeconds();
    byte[] bytes = Wire.saved(state);
    return ordered(session, () -> counted(states.setAsync(session, bytes, ttl, TimeUnit.SECONDS)));
  }

  @Override
  public CompletionStage<Void> discard(String session) {
    return ordered(
        session,
        () ->
            states
                .removeAsync(session)
                // A session's messages are written after its state: without one there are none.
                .thenComposeAsync(
                    previous -> previous == null ? DONE : run(() -> removeMessages(session, null)),
                    hop));
  }

  @Override
  public CompletionStage<Void> keepOnly(String session, String incarnation) {
    return ordered(session, () -> run(() -> removeMessages(session, incarnation)));
  }

  /**
   * The copy of {@code session}, for a node that takes it over because its holder is gone:
   * completes with its state and the deliveries not yet received (the saved incarnation's last,
   * each incarnation's in the order written), or null when the cluster holds none or it has expired
   * (the copy is then discarded).
   */
  CompletionStage<Copy> load(String session) {
    return ordered(session, () -> DONE)
        .thenComposeAsync(x -> states.getAsync(session), hop)
        .thenComposeAsync(
            bytes -> {
              if (bytes == null) {
                return CompletableFuture.completedFuture(null);
              }
              Saved saved = Wire.saved(bytes);
              if (saved.expired(System.currentTimeMillis())) {
                return discard(session).thenApply(y -> (Copy) null);
              }
              return blocking(() -> new Copy(saved, pending(session, saved.incarnation())));
            },
            hop);
  }

  private List<Delivery> pending(String session, String current) {
    Set<String> keys = keys(session);
    if (keys.isEmpty()) {
      return List.of();
    }
    Map<String, byte[]> entries = messages.getAll(keys);
    List<Map.Entry<String, byte[]>> sorted = new ArrayList<>(entries.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<String, byte[]>, Boolean>comparing(
                e -> incarnation(e.getKey()).equals(current))
            .thenComparing(e -> incarnation(e.getKey()))
            .thenComparingLong(e -> seq(e.getKey())));
    List<Delivery> pending = new ArrayList<>(sorted.size());
    long now = System.currentTimeMillis();
    for (Map.Entry<String, byte[]> e : sorted) {
      try {
        Delivery d = Wire.delivery(e.getValue());
        if (!d.message().isExpired(now)) {
          pending.add(d);
        }
      } catch (RuntimeException unreadable) {
        LOG.warnf("skipped an unreadable copy of a message of %s: %s", session, unreadable);
      }
    }
    return pending;
  }

  /** The message keys of {@code session}, from its partition only. */
  private Set<String> keys(String session) {
    Set<String> all =
        messages.keySet(Predicates.partitionPredicate(session, Predicates.alwaysTrue()));
    return all.stream().filter(k -> session(k).equals(session)).collect(Collectors.toSet());
  }

  /** Removes the session's message entries except {@code keep}'s (null: all). */
  private void removeMessages(String session, String keep) {
    for (String key : keys(session)) {
      if (keep == null || !incarnation(key).equals(keep)) {
        messages.delete(key);
      }
    }
  }

  private static String session(String key) {
    return key.substring(key.indexOf('@') + 1);
  }

  private static String incarnation(String key) {
    int from = SessionMessagePartitioning.PREFIX.length();
    return key.substring(from, key.indexOf(':', from));
  }

  private static long seq(String key) {
    int from = SessionMessagePartitioning.PREFIX.length();
    return Long.parseLong(key.substring(key.indexOf(':', from) + 1, key.indexOf('@')));
  }

  /** Runs {@code step} after the session's earlier ordered steps on this node. */
  private CompletionStage<Void> ordered(String session, Supplier<CompletionStage<Void>> step) {
    CompletableFuture<Void> done =
        tails.compute(
            session,
            (k, before) ->
                (before == null ? DONE : before.handle((x, e) -> (Void) null))
                    .thenComposeAsync(x -> step.get(), hop)
                    .toCompletableFuture());
    done.whenComplete((x, e) -> tails.remove(session, done));
    return done;
  }

  /**
   * Counts a failed write. The stage handed out is a plain one completed on {@link #hop}: not on
   * Hazelcast's thread, and a caller's {@code whenComplete} on it runs there rather than on
   * Hazelcast's executor for continuations.
   */
  private CompletionStage<Void> counted(CompletionStage<Void> write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    write.whenCompleteAsync(
        (x, e) -> {
          if (e != null) {
            writeFailures.increment();
            done.completeExceptionally(e);
          } else {
            done.complete(null);
          }
        },
        hop);
    return done;
  }

  private <T> CompletionStage<T> blocking(java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false).toCompletionStage();
  }

  private CompletionStage<Void> run(Runnable work) {
    return blocking(
        () -> {
          work.run();
          return (Void) null;
        });
  }
}
