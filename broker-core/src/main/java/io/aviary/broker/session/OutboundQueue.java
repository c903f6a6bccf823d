package io.aviary.broker.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A session's outbound QoS 1 and 2 messages: those in flight (holding packet ids, at most the send
 * quota, which is the client's Receive Maximum [MQTT-4.9.0-2]) and those waiting, bounded, while
 * the window is full or the client is offline. Overflow drops the new message and counts it.
 * Single-threaded: used on the session's own thread.
 */
public final class OutboundQueue {
  /** {@link #offer} result: the message waits in the queue. */
  public static final int QUEUED = 0;

  /** {@link #offer} result: the queue was full and the message was dropped. */
  public static final int DROPPED = -1;

  private final PacketIdAllocator ids = new PacketIdAllocator();
  private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
  private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
  private final int maxQueued;
  private int sendQuota;
  private boolean online;
  private long dropped;
  private long expired;

  public OutboundQueue(int maxQueued, int sendQuota) {
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued must not be negative");
    }
    this.maxQueued = maxQueued;
    this.sendQuota = checkQuota(sendQuota);
  }

  /**
   * Offers a QoS 1 or 2 delivery.
   *
   * @return a packet id (&gt; 0) if the delivery is now in flight and must be sent, {@link #QUEUED}
   *     or {@link #DROPPED}
   */
  public int offer(Delivery delivery) {
    if (delivery.qos() == 0) {
      throw new IllegalArgumentException("QoS 0 deliveries are not queued here");
    }
    if (online && waiting.isEmpty() && inFlight.size() < sendQuota) {
      return start(delivery).packetId();
    }
    if (waiting.size() >= maxQueued) {
      dropped++;
      return DROPPED;
    }
    waiting.add(delivery);
    return QUEUED;
  }

  /**
   * Drops the waiting (not in-flight) deliveries that {@code unwanted} selects, e.g. those the
   * session may no longer receive; returns how many.
   */
  public int removeWaiting(Predicate<Delivery> unwanted) {
    int before = waiting.size();
    waiting.removeIf(unwanted);
    return before - waiting.size();
  }

  /**
   * The deliveries the client has not received yet, for a session moving to another node: the
   * in-flight ones still awaiting PUBACK or PUBREC in the order they were sent, then the waiting
   * ones. A QoS 2 delivery whose PUBREC came is left out: the client has the message.
   */
  public List<Delivery> pending() {
    List<Delivery> all = new ArrayList<>(inFlight.size() + waiting.size());
    for (InFlight f : inFlight.values()) {
      if (f.state() == InFlight.State.AWAITING_ACK) {
        all.add(f.delivery());
      }
    }
    all.addAll(waiting);
    return all;
  }

  /** The in-flight entry for {@code packetId}, or null. */
  public InFlight inFlight(int packetId) {
    return inFlight.get(packetId);
  }

  /**
   * A PUBACK (QoS 1) or PUBCOMP (QoS 2) completed {@code packetId}.
   *
   * @return false if no matching delivery was in flight in the right state
   */
  public boolean complete(int packetId, int qos) {
    InFlight f = inFlight.get(packetId);
    if (f == null || f.delivery().qos() != qos) {
      return false;
    }
    if (qos == 2 && f.state() != InFlight.State.AWAITING_COMPLETE) {
      return false;
    }
    inFlight.remove(packetId);
    ids.release(packetId);
    return true;
  }

  /**
   * A PUBREC arrived for a QoS 2 delivery; the caller sends PUBREL.
   *
   * @return false if no QoS 2 delivery with that id was in flight
   */
  public boolean received(int packetId) {
    InFlight f = inFlight.get(packetId);
    if (f == null || f.delivery().qos() != 2) {
      return false;
    }
    f.state(InFlight.State.AWAITING_COMPLETE);
    return true;
  }

  /**
   * A PUBREC with an error reason code ends a QoS 2 delivery without PUBREL [MQTT-4.3.3].
   *
   * @return false if unknown
   */
  public boolean abandon(int packetId) {
    if (inFlight.remove(packetId) == null) {
      return false;
    }
    ids.release(packetId);
    return true;
  }

  /** Moves waiting deliveries into flight while the window allows, handing each to {@code send}. */
  public void drain(long nowMillis, Consumer<InFlight> send) {
    while (online && inFlight.size() < sendQuota && !waiting.isEmpty()) {
      Delivery d = waiting.poll();
      if (d.message().isExpired(nowMillis)) {
        expired++;
        continue;
      }
      send.accept(start(d));
    }
  }

  /**
   * The client (re)connected with {@code receiveMaximum}: hands every in-flight entry to {@code
   * resend} in order (PUBLISH with DUP, or PUBREL) [MQTT-4.4.0-1]. The caller then {@link #drain}s
   * the waiting messages, which were never sent and so go out without DUP [MQTT-3.3.1-1].
   */
  public void resume(int receiveMaximum, Consumer<InFlight> resend) {
    online = true;
    sendQuota = checkQuota(receiveMaximum);
    for (InFlight f : inFlight.values()) {
      resend.accept(f);
    }
  }

  /** The client went away; in-flight entries keep their ids for the next connection. */
  public void suspend() {
    online = false;
  }

  /** Drops every expired waiting message; returns how many. */
  public int expire(long nowMillis) {
    int n = 0;
    for (Iterator<Delivery> it = waiting.iterator(); it.hasNext(); ) {
      if (it.next().message().isExpired(nowMillis)) {
        it.remove();
        n++;
      }
    }
    expired += n;
    return n;
  }

  public boolean isOnline() {
    return online;
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  public int queuedCount() {
    return waiting.size();
  }

  /** Messages dropped because the queue was full, since creation. */
  public long droppedCount() {
    return dropped;
  }

  /** Messages discarded because their Message Expiry Interval passed while queued. */
  public long expiredCount() {
    return expired;
  }

  private InFlight start(Delivery d) {
    int id = ids.allocate();
    if (id == 0) {
      throw new IllegalStateException("no free packet id although the window has room");
    }
    InFlight f = new InFlight(id, d);
    inFlight.put(id, f);
    return f;
  }

  private static int checkQuota(int quota) {
    if (quota < 1 || quota > PacketIdAllocator.MAX_ID) {
      throw new IllegalArgumentException("send quota must be 1..65535, was " + quota);
    }
    return quota;
  }
}
