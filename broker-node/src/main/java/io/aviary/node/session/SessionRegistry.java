package io.aviary.node.session;

import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.SessionState;
import io.aviary.broker.session.SessionStore;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Router;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The sessions of this node by client id: opening (new, resumed or taken over), detaching when a
 * connection ends, and expiry. Work on a session always runs on that session's owner loop.
 */
public final class SessionRegistry {
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final SessionStore store;
  private final Router router;
  private final BrokerMetrics metrics;
  private final int maxQueued;
  private final Consumer<String> released;
  private final SessionReplica replica;
  private final String keyPrefix;

  /**
   * @param replica where the cluster keeps copies of persistent sessions; null on a single node
   * @param keyPrefix what the organization's session keys start with there, {@code org/}
   * @param released told the client id of each session this node stops holding
   */
  public SessionRegistry(
      SessionStore store,
      Router router,
      BrokerMetrics metrics,
      int maxQueued,
      SessionReplica replica,
      String keyPrefix,
      Consumer<String> released) {
    this.store = store;
    this.replica = replica;
    this.keyPrefix = keyPrefix;
    this.router = router;
    this.released = released;
    this.metrics = metrics;
    this.maxQueued = maxQueued;
  }

  /** The request to open a session for a connection that has just been authenticated. */
  public record OpenRequest(
      String clientId,
      boolean cleanStart,
      long expirySeconds,
      ClientLink link,
      EventLoop loop,
      int receiveMaximum,
      Handover handover) {}

  /**
   * Opens the session for a new connection. Ends an existing connection with the same client id
   * (takeover) and either discards its session (clean start) or resumes it. {@code opened} runs on
   * {@code request.loop()} with the session and whether it was present.
   */
  public void open(OpenRequest request, BiConsumer<Session, Boolean> opened) {
    Session existing = sessions.get(request.clientId());
    if (existing == null) {
      SessionState state =
          new SessionState(request.clientId(), maxQueued, request.receiveMaximum());
      state.expiryIntervalSeconds(request.expirySeconds());
      Session created =
          new Session(state, request.loop(), metrics, replica, keyPrefix + request.clientId());
      if (sessions.putIfAbsent(request.clientId(), created) != null) {
        open(request, opened); // lost a race with another connection for the same id
        return;
      }
      store.put(state);
      Handover handover = request.cleanStart() ? null : request.handover();
      if (handover != null) {
        created.inherited();
        resume(created, handover);
      } else {
        created.changed();
      }
      created.attach(
          request.link(),
          request.loop(),
          request.receiveMaximum(),
          s -> opened.accept(s, handover != null));
      return;
    }
    existing.execute(
        () -> {
          ClientLink old = existing.link();
          if (old != null && existing.detach(old)) {
            old.takenOver();
          }
          if (request.cleanStart() || existing.isEnded()) {
            end(existing);
            open(request, opened);
          } else {
            existing.state().expiryIntervalSeconds(request.expirySeconds());
            existing.attach(
                request.link(),
                request.loop(),
                request.receiveMaximum(),
                s -> opened.accept(s, true));
            existing.changed();
          }
        });
  }

  /**
   * A connection ended. If it was still attached, schedules its will (if any) and the session's
   * expiry. Runs on the session's owner loop.
   *
   * @param will the will publication, or null
   * @param willDelaySeconds the Will Delay Interval
   */
  public void disconnected(Session session, ClientLink link, Runnable will, long willDelaySeconds) {
    session.execute(
        () -> {
          if (!session.detach(link)) {
            return; // taken over: the new connection's open already dealt with it
          }
          long expiry = session.state().expiryIntervalSeconds();
          if (will != null) {
            session.scheduleWill(will, Math.min(willDelaySeconds, expiry));
          }
          if (expiry == 0) {
            end(session);
          } else {
            session.changed(); // the copy now expires as the session does
            expireAfter(session, expiry);
          }
        });
  }

  /**
   * Schedules a will for a connection that was taken over; on the session's owner loop. A new
   * connection that resumes the session cancels it [MQTT-3.1.3-9].
   */
  public void scheduleWill(Session session, Runnable will, long willDelaySeconds) {
    session.scheduleWill(will, Math.min(willDelaySeconds, session.state().expiryIntervalSeconds()));
  }

  /** Ends a session now: removes its subscriptions and state. On its owner loop. */
  public void end(Session session) {
    end(session, true);
  }

  /** Completes once the cluster's copy of a session that ended for good is gone. */
  private CompletionStage<Void> end(Session session, boolean publishWill) {
    CompletionStage<Void> ended = session.end(publishWill);
    SessionState state = session.state();
    for (SubscriptionFilter filter : List.copyOf(state.subscriptions().keySet())) {
      router.unsubscribe(session, filter);
    }
    store.remove(state);
    if (sessions.remove(state.clientId(), session)) {
      released.accept(state.clientId());
    }
    return ended;
  }

  /**
   * Another node's connection took the client id: closes this node's connection (0x8E) and either
   * ends the session ({@code cleanStart}) or hands its state over and lets it go without its will.
   * Completes with the state, or null when there is none to hand over.
   */
  public CompletableFuture<Handover> handOver(String clientId, boolean cleanStart) {
    Session session = sessions.get(clientId);
    CompletableFuture<Handover> result = new CompletableFuture<>();
    if (session == null) {
      result.complete(null);
      return result;
    }
    session.execute(
        () -> {
          ClientLink old = session.link();
          if (old != null && session.detach(old)) {
            old.takenOver();
          }
          if (cleanStart || session.isEnded()) {
            // The new holder writes the session afresh once the old copy is gone.
            end(session, true).whenComplete((x, e) -> result.complete(null));
            return;
          }
          SessionState state = session.state();
          List<Handover.Subscription> subscriptions = new ArrayList<>();
          state
              .subscriptions()
              .forEach((f, o) -> subscriptions.add(new Handover.Subscription(f, o)));
          Handover handover = new Handover(subscriptions, state.outbound().pending());
          end(session, false);
          result.complete(handover);
        });
    return result;
  }

  /**
   * Gives a new session the subscriptions and undelivered messages another node handed over (or the
   * cluster kept for a lost node). A persistent session writes its own copy of them; the older copy
   * goes once it has.
   */
  private void resume(Session session, Handover handover) {
    take(session, handover);
    session.changed();
    session.copyPending();
  }

  /** Subscribes {@code session} as {@code handover} says and queues its deliveries. */
  private void take(Session session, Handover handover) {
    SessionState state = session.state();
    for (Handover.Subscription s : handover.subscriptions()) {
      state.subscribe(s.filter(), s.options());
      router.subscribe(session, s.filter(), s.options());
    }
    for (Delivery d : handover.pending()) {
      session.adopt(d);
    }
  }

  /** Ends {@code session} after {@code seconds} unless a client is attached by then. */
  private void expireAfter(Session session, long seconds) {
    if (seconds == SessionReplica.NEVER_EXPIRES) {
      return;
    }
    session.scheduleExpiry(
        () -> {
          if (!session.isOnline()) {
            end(session);
          }
        },
        seconds);
  }

  /**
   * Takes over, offline, a persistent session from its copy: one whose node was lost, or this
   * node's own before a restart. Its subscriptions route here and its messages queue here until its
   * client reconnects, on this node or another (which takes it over from here), or it expires.
   *
   * <p>Once the session is here, {@code holder} says whether this node now holds it (in a cluster
   * the registry decides against a client that reconnected elsewhere first). If so, the session
   * writes its own copy and is set to expire; if not, it is let go without touching the copy, which
   * belongs to the other node. Completes with whether this node holds it; false also when this node
   * already had a session with that client id.
   */
  public CompletionStage<Boolean> adopt(
      String clientId,
      SessionReplica.Copy copy,
      EventLoop loop,
      Function<Session, CompletionStage<Boolean>> holder) {
    CompletableFuture<Boolean> held = new CompletableFuture<>();
    loop.execute(
        () -> {
          SessionReplica.Saved saved = copy.saved();
          SessionState state = new SessionState(clientId, maxQueued, 1);
          state.expiryIntervalSeconds(saved.expirySeconds());
          Session session = new Session(state, loop, metrics, replica, keyPrefix + clientId);
          if (sessions.putIfAbsent(clientId, session) != null) {
            held.complete(false); // a client reconnected here meanwhile
            return;
          }
          store.put(state);
          // A client that was connected when its node was lost left then.
          Instant left =
              saved.detachedAtMillis() == 0
                  ? Instant.now()
                  : Instant.ofEpochMilli(saved.detachedAtMillis());
          session.detachedSince(left);
          session.inherited();
          take(session, copy.handover());
          holder
              .apply(session)
              .whenComplete(
                  (kept, e) ->
                      session.execute(
                          () -> {
                            boolean ours = e == null && Boolean.TRUE.equals(kept);
                            keepAdopted(session, ours, left);
                            held.complete(ours);
                          }));
        });
    return held;
  }

  private void keepAdopted(Session session, boolean kept, Instant left) {
    if (session.isEnded() || session.isOnline()) {
      return;
    }
    if (!kept) {
      end(session, false);
      return;
    }
    session.changed();
    session.copyPending();
    long expiry = session.state().expiryIntervalSeconds();
    long gone = Duration.between(left, Instant.now()).toSeconds();
    expireAfter(
        session, expiry == SessionReplica.NEVER_EXPIRES ? expiry : Math.max(0, expiry - gone));
  }

  public int size() {
    return sessions.size();
  }

  /** The session of {@code clientId}, if this node holds one. */
  public Optional<Session> find(String clientId) {
    return Optional.ofNullable(sessions.get(clientId));
  }

  /** The client ids of every session held now, in no order; a snapshot. */
  public List<String> clientIds() {
    return List.copyOf(sessions.keySet());
  }
}
