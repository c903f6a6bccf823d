package io.aviary.node.session;

import io.aviary.broker.session.Delivery;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One session's copy in the cluster ({@link SessionReplica}), kept on the session's owner loop: the
 * message entries it wrote, not yet received by the client, and its saved state. State is written
 * one write at a time, the latest snapshot after the one in flight, so the cluster never ends with
 * an older state than the last one written.
 */
final class SessionCopy {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final SessionReplica replica;
  private final String key;
  private final String incarnation;
  private final Executor owner;
  private final IdentityHashMap<Delivery, Entry> entries = new IdentityHashMap<>();

  /** Whether the cluster may hold anything of this session: written here, or inherited. */
  private boolean held;

  /** Set once the session ended or moved to another node: nothing more is written. */
  private boolean closed;

  /** The first state write; message entries wait for it (an older copy's discard comes first). */
  private CompletableFuture<Void> ready;

  private CompletableFuture<Void> writing;
  private CompletableFuture<Void> queuedWrite;
  private Supplier<SessionReplica.Saved> queuedSnapshot;

  private record Entry(String key, CompletionStage<Void> written) {}

  /**
   * @param key the session's key in the cluster, {@code org/client-id}
   * @param owner runs a task on the session's owner loop
   */
  SessionCopy(SessionReplica replica, String key, Executor owner) {
    this.replica = replica;
    this.key = key;
    this.incarnation = replica.newIncarnation();
    this.owner = owner;
  }

  String incarnation() {
    return incarnation;
  }

  /** The session took over state that the cluster may hold entries of (another incarnation's). */
  void inherited() {
    held = true;
  }

  /** Saves the state {@code snapshot} gives; completes when the cluster holds it. */
  CompletionStage<Void> save(Supplier<SessionReplica.Saved> snapshot) {
    if (closed) {
      return DONE;
    }
    held = true;
    if (writing == null) {
      CompletableFuture<Void> written = write(snapshot.get());
      if (ready == null) {
        ready = written;
      }
      return written;
    }
    queuedSnapshot = snapshot;
    if (queuedWrite == null) {
      queuedWrite = new CompletableFuture<>();
    }
    return queuedWrite;
  }

  /** Starts a state write; it is {@link #writing} until it completes. */
  private CompletableFuture<Void> write(SessionReplica.Saved state) {
    CompletableFuture<Void> done = replica.putState(key, state).toCompletableFuture();
    writing = done;
    // It may complete at once, on this thread: written() then finds it still the write in flight.
    done.whenComplete((ok, e) -> owner.execute(() -> written(done)));
    return done;
  }

  @SuppressWarnings("ReferenceEquality") // the write in flight, by identity
  private void written(CompletableFuture<Void> done) {
    if (writing != done) {
      return;
    }
    writing = null;
    CompletableFuture<Void> waiting = queuedWrite;
    if (waiting == null) {
      return;
    }
    queuedWrite = null;
    Supplier<SessionReplica.Saved> snapshot = queuedSnapshot;
    queuedSnapshot = null;
    if (closed) {
      waiting.complete(null);
      return;
    }
    relay(write(snapshot.get()), waiting);
  }

  /** Completes {@code to} as {@code from} completes. */
  static void relay(CompletionStage<Void> from, CompletableFuture<Void> to) {
    from.whenComplete(
        (ok, e) -> {
          if (e != null) {
            to.completeExceptionally(e);
          } else {
            to.complete(null);
          }
        });
  }

  /**
   * Writes an entry for a QoS 1/2 delivery the session took; completes when the cluster holds it.
   */
  CompletionStage<Void> stored(Delivery delivery) {
    if (closed) {
      return DONE;
    }
    String entry = replica.messageKey(key, incarnation);
    CompletionStage<Void> written;
    if (ready == null || ready.isDone()) {
      written = replica.putMessage(entry, delivery);
    } else {
      written = ready.handle((x, e) -> null).thenCompose(x -> replica.putMessage(entry, delivery));
    }
    entries.put(delivery, new Entry(entry, written));
    return written;
  }

  /** The client has {@code delivery} (or it was dropped): its entry goes, once it was written. */
  void delivered(Delivery delivery) {
    Entry e = entries.remove(delivery);
    if (e != null) {
      e.written.whenComplete((ok, x) -> replica.removeMessage(e.key));
    }
  }

  /**
   * The session took over another copy's deliveries, written again here by {@code rewrites}: once
   * they are, the older incarnations' entries go.
   */
  void adopted(List<CompletionStage<Void>> rewrites) {
    if (closed) {
      return;
    }
    CompletableFuture.allOf(
            rewrites.stream()
                .map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new))
        .thenCompose(x -> replica.keepOnly(key, incarnation));
  }

  /**
   * The session stopped being persistent: its copy goes; completes once it has. A later {@link
   * #save} starts a new one.
   */
  CompletionStage<Void> discard() {
    entries.clear();
    CompletableFuture<Void> waiting = queuedWrite;
    queuedWrite = null;
    queuedSnapshot = null;
    if (waiting != null) {
      waiting.complete(null);
    }
    ready = null;
    if (!held) {
      return DONE;
    }
    held = false;
    return replica.discard(key);
  }

  /** The session ended for good: its copy goes; completes once it has. */
  CompletionStage<Void> end() {
    CompletionStage<Void> discarded = discard();
    closed = true;
    return discarded;
  }

  /** The session lives on on another node, which owns the copy now. */
  void handedOn() {
    closed = true;
    held = false;
    entries.clear();
  }
}
