package io.aviary.node.session;

import io.aviary.broker.message.Message;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.InFlight;
import io.aviary.broker.session.OutboundQueue;
import io.aviary.broker.session.SessionState;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.metrics.DropReason;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

  /** The session's copy in the cluster; null on a single node. */
  private final SessionCopy copy;

  /** Whether QoS 1/2 deliveries are copied to the cluster: clustered and persistent. */
  private volatile boolean copied;

  private volatile EventLoop owner;
  private volatile ClientLink link;
  private ScheduledFuture<?> expiryTimer;
  private ScheduledFuture<?> pendingWill;
  private Runnable willAction;
  private boolean ended;

  /** When the last connection detached; null while one is attached or before the first. */
  private volatile Instant detachedAt;

  /**
   * @param replica where the cluster keeps copies of persistent sessions; null on a single node
   * @param key the session's key there, {@code org/client-id}
   */
  Session(
      SessionState state,
      EventLoop owner,
      BrokerMetrics metrics,
      SessionReplica replica,
      String key) {
    this.state = state;
    this.owner = owner;
    this.metrics = metrics;
    this.copy = replica == null ? null : new SessionCopy(replica, key, this::execute);
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

  /**
   * Whether the session's QoS 1/2 deliveries are copied to the cluster, so that a publisher's
   * answer should wait for the copy ({@link #deliver(Message, int, boolean, int[],
   * CompletableFuture)}); read from any thread.
   */
  public boolean copiesMessages() {
    return copied;
  }

  /** Delivers a routed message; on the owner loop. */
  public void deliver(Message message, int qos, boolean retain, int[] subscriptionIds) {
    deliver(message, qos, retain, subscriptionIds, null);
  }

  /**
   * Delivers a routed message; on the owner loop. {@code stored}, unless null, completes once the
   * cluster holds the session's copy of a QoS 1/2 delivery, at once when there is none to hold (QoS
   * 0, a single node, a session that does not persist or did not take the message).
   */
  public void deliver(
      Message message,
      int qos,
      boolean retain,
      int[] subscriptionIds,
      CompletableFuture<Void> stored) {
    if (ended) {
      complete(stored);
      return;
    }
    if (message.isExpired(System.currentTimeMillis())) {
      metrics.dropped(DropReason.EXPIRED);
      complete(stored);
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
      complete(stored);
      return;
    }
    OutboundQueue out = state.outbound();
    int result = out.offer(delivery);
    if (result != OutboundQueue.DROPPED && copied) {
      CompletionStage<Void> written = copy.stored(delivery);
      if (stored != null) {
        SessionCopy.relay(written, stored);
      }
    } else {
      complete(stored);
    }
    if (result > 0) {
      metrics.inFlightDelta(1);
      current.send(out.inFlight(result), false);
    } else if (result == OutboundQueue.QUEUED) {
      metrics.queuedDelta(1);
    } else {
      metrics.dropped(DropReason.QUEUE_FULL);
    }
  }

  private static void complete(CompletableFuture<Void> stored) {
    if (stored != null) {
      stored.complete(null);
    }
  }

  /**
   * Takes a delivery another node handed over (or the cluster kept for a lost node); on the owner
   * loop. Not copied here: {@link #copyPending} copies the whole queue once it is taken.
   */
  void adopt(Delivery delivery) {
    int result = state.outbound().offer(delivery);
    if (result == OutboundQueue.QUEUED) {
      metrics.queuedDelta(1);
    } else if (result == OutboundQueue.DROPPED) {
      metrics.dropped(DropReason.QUEUE_FULL);
    }
  }

  /**
   * Copies every delivery the client has not received into this session's own copy, then drops the
   * copies older incarnations left (the session was handed over, recovered or adopted). On the
   * owner loop, after {@link #changed}.
   */
  void copyPending() {
    if (copy == null || !copied) {
      return;
    }
    List<CompletionStage<Void>> rewrites = new ArrayList<>();
    for (Delivery d : state.outbound().pending()) {
      rewrites.add(copy.stored(d));
    }
    copy.adopted(rewrites);
  }

  /** Marks an adopted session as left by its client at {@code when}. */
  void detachedSince(Instant when) {
    detachedAt = when;
  }

  /**
   * The session's lasting state changed (subscriptions, expiry, a connection came or went): saves
   * it in the cluster if the session persists, or drops the cluster's copy if it no longer does. On
   * the owner loop. Completes once saved; null when nothing is saved.
   */
  public CompletionStage<Void> changed() {
    if (copy == null || ended) {
      return null;
    }
    if (state.expiryIntervalSeconds() == 0) {
      copied = false;
      copy.discard();
      return null;
    }
    copied = true;
    return copy.save(this::saved);
  }

  private SessionReplica.Saved saved() {
    List<Handover.Subscription> subscriptions = new ArrayList<>(state.subscriptions().size());
    for (Map.Entry<SubscriptionFilter, SubscriptionOptions> e : state.subscriptions().entrySet()) {
      subscriptions.add(new Handover.Subscription(e.getKey(), e.getValue()));
    }
    Instant left = detachedAt;
    return new SessionReplica.Saved(
        copy.incarnation(),
        state.expiryIntervalSeconds(),
        left == null ? 0 : left.toEpochMilli(),
        subscriptions);
  }

  /** This session holds state that the cluster may keep entries of (handed over or recovered). */
  void inherited() {
    if (copy != null) {
      copy.inherited();
    }
  }

  /** The client acknowledged packet {@code id} (PUBACK for QoS 1, PUBCOMP for QoS 2). */
  public boolean completed(int packetId, int qos) {
    OutboundQueue out = state.outbound();
    InFlight f = copy == null ? null : out.inFlight(packetId);
    if (!out.complete(packetId, qos)) {
      return false;
    }
    uncopy(f);
    metrics.inFlightDelta(-1);
    drain();
    return true;
  }

  /** A PUBREC arrived for packet {@code id}; true if PUBREL should be sent. */
  public boolean received(int packetId) {
    OutboundQueue out = state.outbound();
    if (!out.received(packetId)) {
      return false;
    }
    // The client has the message: a session taken over from here would not send it again.
    if (copy != null) {
      uncopy(out.inFlight(packetId));
    }
    return true;
  }

  /** A PUBREC with an error code: the delivery ends there. */
  public void abandoned(int packetId) {
    OutboundQueue out = state.outbound();
    InFlight f = copy == null ? null : out.inFlight(packetId);
    if (out.abandon(packetId)) {
      uncopy(f);
      metrics.inFlightDelta(-1);
      drain();
    }
  }

  /**
   * Drops the queued (not yet in-flight) deliveries that {@code unwanted} selects; returns how
   * many.
   */
  public int dropQueued(Predicate<Delivery> unwanted) {
    Predicate<Delivery> dropping =
        copy == null
            ? unwanted
            : d -> {
              if (!unwanted.test(d)) {
                return false;
              }
              copy.delivered(d);
              return true;
            };
    int n = state.outbound().removeWaiting(dropping);
    if (n > 0) {
      metrics.queuedDelta(-n);
      metrics.dropped(DropReason.NOT_AUTHORIZED, n);
    }
    return n;
  }

  /**
   * The in-flight delivery {@code f} (looked up only when there is a copy) left the session: its
   * copy goes.
   */
  private void uncopy(InFlight f) {
    if (copy != null) {
      copy.delivered(f.delivery());
    }
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

  /**
   * Ends the session here. {@code publishWill} false: the session lives on elsewhere (another node
   * resumed it), which cancels a pending will as a resuming connection would [MQTT-3.1.3-9], and
   * leaves the cluster's copy to that node. Completes once the cluster's copy of a session that
   * ended for good is gone.
   */
  CompletionStage<Void> end(boolean publishWill) {
    if (ended) {
      return CompletableFuture.completedFuture(null);
    }
    ended = true;
    copied = false;
    if (pendingWill != null && publishWill) {
      pendingWill.cancel(false);
      firePendingWill();
    }
    cancelTimers(); // drops a will that does not go out
    OutboundQueue out = state.outbound();
    metrics.queuedDelta(-out.queuedCount());
    metrics.inFlightDelta(-out.inFlightCount());
    if (copy == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (publishWill) {
      return copy.end();
    }
    copy.handedOn();
    return CompletableFuture.completedFuture(null);
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
