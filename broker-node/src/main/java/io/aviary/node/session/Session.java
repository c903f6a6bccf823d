package io.aviary.node.session;

import io.aviary.broker.message.Message;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.InFlight;
import io.aviary.broker.session.OutboundQueue;
import io.aviary.broker.session.SessionState;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.metrics.DropReason;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * A client's session on this node: the core {@link SessionState} plus the event loop that owns it
 * and the connection currently attached, if any. Every method that touches state runs on the owner
 * loop; {@link #execute} gets there from anywhere. Identity equality: the subscription index keys
 * subscriptions by session object.
 */
public final class Session {
  private static final Logger LOG = Logger.getLogger(Session.class);

  private final SessionState state;
  private final BrokerMetrics metrics;
  private volatile EventLoop owner;
  private volatile ClientLink link;
  private ScheduledFuture<?> expiryTimer;
  private ScheduledFuture<?> pendingWill;
  private Runnable willAction;
  private boolean ended;

  /** When the last connection detached; null while one is attached or before the first. */
  private volatile Instant detachedAt;

  Session(SessionState state, EventLoop owner, BrokerMetrics metrics) {
    this.state = state;
    this.owner = owner;
    this.metrics = metrics;
  }

  public String clientId() {
    return state.clientId();
  }

  public SessionState state() {
    return state;
  }

  public EventLoop owner() {
    return owner;
  }

  /** Whether a connection is attached; read from any thread, for shared-subscription picks. */
  public boolean isOnline() {
    return link != null;
  }

  /** Whether the session ended (clean start, expiry, discard); on the owner loop. */
  public boolean isEnded() {
    return ended;
  }

  /** When the session's last connection went away, or null while one is attached. */
  public Instant detachedAt() {
    return detachedAt;
  }

  /** Runs {@code task} on the owner loop: inline if already there, else queued to it. */
  public void execute(Runnable task) {
    EventLoop loop = owner;
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    loop.execute(
        () -> {
          // The session may have moved to another loop while the task was queued.
          if (owner.inEventLoop()) {
            runGuarded(task);
          } else {
            execute(task);
          }
        });
  }

  /** Delivers a routed message; on the owner loop. */
  public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds) {
    if (ended) {
      return;
    }
    if (message.isExpired(System.currentTimeMillis())) {
      metrics.dropped(DropReason.EXPIRED);
      return;
    }
    Delivery delivery = new Delivery(message, qos, retain, subscriptionIds);
    ClientLink current = link;
    if (qos == 0) {
      if (current == null) {
        metrics.dropped(DropReason.OFFLINE_QOS0);
      } else {
        current.sendAtMostOnce(delivery);
      }
      return;
    }
    OutboundQueue out = state.outbound();
    int result = out.offer(delivery);
    if (result > 0) {
      metrics.inFlightDelta(1);
      current.send(out.inFlight(result), false);
    } else if (result == OutboundQueue.QUEUED) {
      metrics.queuedDelta(1);
    } else {
      metrics.dropped(DropReason.QUEUE_FULL);
    }
  }

  /** The client acknowledged packet {@code id} (PUBACK for QoS 1, PUBCOMP for QoS 2). */
  public boolean completed(int packetId, int qos) {
    OutboundQueue out = state.outbound();
    if (!out.complete(packetId, qos)) {
      return false;
    }
    metrics.inFlightDelta(-1);
    drain();
    return true;
  }

  /** A PUBREC arrived for packet {@code id}; true if PUBREL should be sent. */
  public boolean received(int packetId) {
    return state.outbound().received(packetId);
  }

  /** A PUBREC with an error code: the delivery ends there. */
  public void abandoned(int packetId) {
    if (state.outbound().abandon(packetId)) {
      metrics.inFlightDelta(-1);
      drain();
    }
  }

  /**
   * Drops the queued (not yet in-flight) deliveries that {@code unwanted} selects; returns how
   * many.
   */
  public int dropQueued(Predicate<Delivery> unwanted) {
    int n = state.outbound().removeWaiting(unwanted);
    if (n > 0) {
      metrics.queuedDelta(-n);
      metrics.dropped(DropReason.NOT_AUTHORIZED, n);
    }
    return n;
  }

  private void drain() {
    ClientLink current = link;
    if (current == null) {
      return;
    }
    OutboundQueue out = state.outbound();
    int before = out.queuedCount();
    out.drain(
        System.currentTimeMillis(),
        f -> {
          metrics.inFlightDelta(1);
          current.send(f, false);
        });
    metrics.queuedDelta(out.queuedCount() - before);
  }

  /**
   * Attaches a connection, moving the session to {@code loop}; re-sends in-flight messages and
   * drains the queue [MQTT-4.4.0-1]. Called on the current owner loop.
   */
  @SuppressWarnings("ReferenceEquality") // links are compared by identity on purpose
  void attach(
      ClientLink newLink, EventLoop loop, int receiveMaximum, Consumer<Session> thenOnLoop) {
    cancelTimers();
    this.owner = loop;
    this.detachedAt = null;
    loop.execute(
        () -> {
          this.link = newLink;
          thenOnLoop.accept(this);
          if (link != newLink) {
            // The connection went away inside the callback and was detached: stay offline.
            return;
          }
          OutboundQueue out = state.outbound();
          int before = out.queuedCount();
          int inflightBefore = out.inFlightCount();
          out.resume(
              receiveMaximum, f -> newLink.send(f, f.state() == InFlight.State.AWAITING_ACK));
          out.drain(System.currentTimeMillis(), f -> newLink.send(f, false));
          metrics.queuedDelta(out.queuedCount() - before);
          metrics.inFlightDelta(out.inFlightCount() - inflightBefore);
        });
  }

  /** Detaches {@code oldLink} if it is still the attached one; returns whether it was. */
  @SuppressWarnings("ReferenceEquality") // links are compared by identity on purpose
  boolean detach(ClientLink oldLink) {
    if (link != oldLink || oldLink == null) {
      return false;
    }
    link = null;
    detachedAt = Instant.now();
    state.outbound().suspend();
    return true;
  }

  /** The connection attached now, or null; read on the owner loop. */
  public ClientLink link() {
    return link;
  }

  /** Schedules the will: published after {@code delaySeconds} unless the client returns. */
  void scheduleWill(Runnable publish, long delaySeconds) {
    if (delaySeconds <= 0) {
      runGuarded(publish);
      return;
    }
    willAction = publish;
    pendingWill =
        owner.schedule(this::firePendingWill, delaySeconds, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void firePendingWill() {
    Runnable action = willAction;
    willAction = null;
    pendingWill = null;
    if (action != null) {
      runGuarded(action);
    }
  }

  void scheduleExpiry(Runnable end, long seconds) {
    expiryTimer = owner.schedule(end, seconds, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Ends the session for good: a pending will goes out now [MQTT-3.1.3-9]. */
  void end() {
    end(true);
  }

  /**
   * Ends the session here. {@code publishWill} false: the session lives on elsewhere (another node
   * resumed it), which cancels a pending will as a resuming connection would [MQTT-3.1.3-9].
   */
  void end(boolean publishWill) {
    if (ended) {
      return;
    }
    ended = true;
    if (pendingWill != null && publishWill) {
      pendingWill.cancel(false);
      firePendingWill();
    }
    cancelTimers(); // drops a will that does not go out
    OutboundQueue out = state.outbound();
    metrics.queuedDelta(-out.queuedCount());
    metrics.inFlightDelta(-out.inFlightCount());
  }

  private void cancelTimers() {
    if (expiryTimer != null) {
      expiryTimer.cancel(false);
      expiryTimer = null;
    }
    if (pendingWill != null) {
      pendingWill.cancel(false);
      pendingWill = null;
      willAction = null;
    }
  }

  private static void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("session task failed", e);
    }
  }
}
