package io.aviary.node.session;

import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.session.SessionState;
import io.aviary.broker.session.SessionStore;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.metrics.BrokerMetrics;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The sessions of this node by client id: opening (new, resumed or taken over), detaching when a
 * connection ends, and expiry. Work on a session always runs on that session's owner loop.
 */
public final class SessionRegistry {
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final SessionStore store;
  private final SubscriptionIndex<Session> index;
  private final BrokerMetrics metrics;
  private final int maxQueued;

  public SessionRegistry(
      SessionStore store, SubscriptionIndex<Session> index, BrokerMetrics metrics, int maxQueued) {
    this.store = store;
    this.index = index;
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
      int receiveMaximum) {}

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
      Session created = new Session(state, request.loop(), metrics);
      if (sessions.putIfAbsent(request.clientId(), created) != null) {
        open(request, opened); // lost a race with another connection for the same id
        return;
      }
      store.put(state);
      created.attach(
          request.link(), request.loop(), request.receiveMaximum(), s -> opened.accept(s, false));
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
            session.scheduleExpiry(
                () -> {
                  if (!session.isOnline()) {
                    end(session);
                  }
                },
                expiry);
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
    session.end();
    SessionState state = session.state();
    for (SubscriptionFilter filter : List.copyOf(state.subscriptions().keySet())) {
      index.unsubscribe(session, filter);
    }
    store.remove(state);
    sessions.remove(state.clientId(), session);
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
