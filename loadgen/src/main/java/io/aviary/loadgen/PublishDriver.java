package io.aviary.loadgen;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the publishers from one sender thread.
 *
 * <ul>
 *   <li>Open loop ({@code rate > 0}): a 1 ms tick sends every message whose scheduled time has
 *       come. Message k is scheduled at {@code start + k / rate}; its payload carries that intended
 *       time, so when the generator falls behind (flow control), the delay shows in the latency (no
 *       coordinated omission).
 *   <li>Unlimited ({@code rate == 0}): sends as fast as the per-publisher in-flight bound allows.
 *   <li>Closed loop ({@code window > 0}, combinable with a rate): at most {@code window} messages
 *       are sent but not yet received by all their subscribers.
 * </ul>
 *
 * <p>Flow control: each publisher has at most {@code maxInflight} publishes whose future has not
 * completed (the HiveMQ client completes QoS 1/2 futures on PUBACK/PUBCOMP, so this also respects
 * the broker's receive maximum without unbounded queueing in the client). Publishers with room are
 * served round-robin.
 */
final class PublishDriver {

  /** How long a closed window may see no delivery before its outstanding messages count lost. */
  static final long WINDOW_STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final int BATCH = 4096;

  /** One publishing client and its sequence numbering. */
  static final class Publisher {
    final BenchClient client;
    final String topic;
    final AtomicInteger inflight = new AtomicInteger();

    /** First sequence number sent inside the measured window, -1 before. */
    volatile long firstMeasuredSeq = -1;

    volatile boolean dead;
    // Owned by the sender thread; read by others only after the driver finished.
    long nextSeq;
    long measuredSent;

    Publisher(BenchClient client, String topic) {
      this.client = client;
      this.topic = topic;
    }

    /** Messages sent inside the measured window (valid once the driver has finished). */
    long measuredSent() {
      return measuredSent;
    }
  }

  private final List<Publisher> publishers;
  private final int qos;
  private final int payloadSize;
  private final long rate;
  private final long windowDeliveries;
  private final int deliveriesPerMessage;
  private final int maxInflight;
  private final ErrorLog errors;

  private final ScheduledExecutorService sender;
  private final AtomicBoolean pumpRequested = new AtomicBoolean();
  private final ConcurrentLinkedQueue<Publisher> returned = new ConcurrentLinkedQueue<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final CountDownLatch finishedLatch = new CountDownLatch(1);
  private final AtomicLong publishFailures = new AtomicLong();

  // Sender thread state.
  private final ArrayDeque<Publisher> ready = new ArrayDeque<>();
  private long startNanos;
  private long measureStart;
  private long measureEnd;
  private long nextIndex;
  private long sentTotal;
  private long sentMeasured;
  private long unsentDue;
  private long windowResets;
  private long finishedAtNanos;
  private boolean finished;
  private ScheduledFuture<?> tick;

  private volatile long lastDeliveryNanos;

  PublishDriver(
      List<Publisher> publishers,
      int qos,
      int payloadSize,
      long rate,
      int window,
      int deliveriesPerMessage,
      int maxInflight,
      ErrorLog errors) {
    this.publishers = List.copyOf(publishers);
    this.qos = qos;
    this.payloadSize = payloadSize;
    this.rate = rate;
    this.deliveriesPerMessage = deliveriesPerMessage;
    this.windowDeliveries = (long) window * deliveriesPerMessage;
    this.maxInflight = maxInflight;
    this.errors = errors;
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "loadgen-sender");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts publishing at {@code start}; messages stamped in [{@code measureStart}, {@code
   * measureEnd}) are measured; publishing stops at {@code measureEnd}.
   */
  void start(long start, long measureStart, long measureEnd) {
    sender.execute(
        () -> {
          this.startNanos = start;
          this.measureStart = measureStart;
          this.measureEnd = measureEnd;
          this.lastDeliveryNanos = start;
          ready.addAll(publishers);
          tick = sender.scheduleAtFixedRate(this::pump, 0, 1, TimeUnit.MILLISECONDS);
        });
  }

  /** Called for every delivery at a subscriber (closed-loop accounting). */
  void onDelivery(long nowNanos) {
    if (windowDeliveries == 0) {
      return;
    }
    lastDeliveryNanos = nowNanos;
    if (outstanding.decrementAndGet() + deliveriesPerMessage <= windowDeliveries) {
      requestPump();
    }
  }

  /** Waits until publishing has stopped. */
  boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
    return finishedLatch.await(timeout, unit);
  }

  /** Publishes whose future has not completed yet, over all publishers. */
  long inflight() {
    long sum = 0;
    for (Publisher p : publishers) {
      sum += p.inflight.get();
    }
    return sum;
  }

  /** {@link System#nanoTime()} when publishing stopped (valid once finished). */
  long finishedAtNanos() {
    return finishedAtNanos;
  }

  /** Messages sent in the measured window (valid once finished). */
  long sentMeasured() {
    return sentMeasured;
  }

  /** All messages sent, warm-up included (valid once finished). */
  long sentTotal() {
    return sentTotal;
  }

  /** Open loop: messages due before the end that could not be sent (valid once finished). */
  long unsentDue() {
    return unsentDue;
  }

  /** Closed loop: how often a stalled window was reopened (valid once finished). */
  long windowResets() {
    return windowResets;
  }

  /** Publishes whose future failed. */
  long publishFailures() {
    return publishFailures.get();
  }

  /** Stops the sender thread. */
  void shutdown() {
    sender.shutdownNow();
  }

  private void requestPump() {
    if (pumpRequested.compareAndSet(false, true)) {
      try {
        sender.execute(this::pump);
      } catch (RuntimeException e) {
        // Rejected after shutdown: nothing left to send.
        pumpRequested.set(false);
      }
    }
  }

  /** Scheduled send time of message {@code index} in open-loop mode (exact integer math). */
  private long intendedNanos(long index) {
    return startNanos + scheduleOffsetNanos(index, rate);
  }

  /** Offset of message {@code index} from the start at {@code rate} messages per second. */
  static long scheduleOffsetNanos(long index, long rate) {
    return index / rate * 1_000_000_000L + index % rate * 1_000_000_000L / rate;
  }

  private void pump() {
    pumpRequested.set(false);
    if (finished) {
      return;
    }
    try {
      pumpOnce();
    } catch (RuntimeException e) {
      errors.record("sender", e);
    }
  }

  private void pumpOnce() {
    for (Publisher p = returned.poll(); p != null; p = returned.poll()) {
      ready.addLast(p);
    }
    long now = System.nanoTime();
    if (windowDeliveries > 0) {
      checkWindowStall(now);
    }
    // Open loop: messages scheduled before the end are still sent when the tick after the end
    // comes; unlimited and closed loop stop sending at the end.
    if (sendDue(now) >= BATCH) {
      return; // More to send: another pump is queued.
    }
    if (now >= measureEnd || (rate > 0 && intendedNanos(nextIndex) >= measureEnd)) {
      finish(now);
    }
  }

  /** Sends what is due at {@code now}; returns the number sent (at most {@link #BATCH}). */
  private int sendDue(long now) {
    int batch = 0;
    while (!ready.isEmpty()) {
      if (windowDeliveries > 0 && outstanding.get() + deliveriesPerMessage > windowDeliveries) {
        break;
      }
      long stamp;
      if (rate > 0) {
        stamp = intendedNanos(nextIndex);
        if (stamp > now || stamp >= measureEnd) {
          break;
        }
      } else {
        stamp = System.nanoTime();
        if (stamp >= measureEnd) {
          break;
        }
      }
      Publisher p = ready.pollFirst();
      if (p.dead) {
        continue;
      }
      nextIndex++;
      send(p, stamp);
      if (++batch >= BATCH) {
        requestPump();
        break;
      }
    }
    return batch;
  }

  private void send(Publisher p, long stamp) {
    long seq = p.nextSeq++;
    if (stamp >= measureStart) {
      if (p.firstMeasuredSeq < 0) {
        p.firstMeasuredSeq = seq;
      }
      p.measuredSent++;
      sentMeasured++;
    }
    sentTotal++;
    if (windowDeliveries > 0) {
      outstanding.addAndGet(deliveriesPerMessage);
    }
    byte[] payload = Payload.encode(seq, stamp, payloadSize);
    int inflightNow = p.inflight.incrementAndGet();
    if (inflightNow < maxInflight) {
      ready.addLast(p);
    }
    CompletableFuture<?> future;
    try {
      future = p.client.publish(p.topic, qos, payload);
    } catch (RuntimeException e) {
      onPublishComplete(p, e);
      return;
    }
    future.whenComplete((result, failure) -> onPublishComplete(p, failure));
  }

  private void onPublishComplete(Publisher p, Throwable failure) {
    if (failure != null) {
      publishFailures.incrementAndGet();
      errors.record("publish " + p.client.id(), failure);
      if (!p.client.isConnected()) {
        p.dead = true;
      }
    }
    if (p.inflight.getAndDecrement() == maxInflight && !p.dead) {
      returned.add(p);
      requestPump();
    }
  }

  private void checkWindowStall(long now) {
    if (outstanding.get() + deliveriesPerMessage <= windowDeliveries) {
      return;
    }
    long idle = now - lastDeliveryNanos;
    if (idle > WINDOW_STALL_NANOS) {
      long lost = outstanding.get();
      outstanding.addAndGet(-lost);
      lastDeliveryNanos = now;
      windowResets++;
      errors.record(
          "window stalled: no delivery for "
              + TimeUnit.NANOSECONDS.toMillis(idle)
              + " ms with "
              + lost
              + " deliveries outstanding; counted them lost and reopened the window");
    }
  }

  private void finish(long now) {
    finished = true;
    finishedAtNanos = now;
    if (tick != null) {
      tick.cancel(false);
    }
    if (rate > 0) {
      // Number of messages scheduled before the end: the smallest k with offset(k) >= end.
      long span = measureEnd - startNanos;
      long dueBeforeEnd = Math.max(0, (long) (span / 1e9 * rate) - 2);
      while (scheduleOffsetNanos(dueBeforeEnd, rate) < span) {
        dueBeforeEnd++;
      }
      unsentDue = Math.max(0, dueBeforeEnd - nextIndex);
    }
    finishedLatch.countDown();
  }
}
