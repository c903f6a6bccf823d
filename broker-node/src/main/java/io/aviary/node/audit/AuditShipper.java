package io.aviary.node.audit;

import io.aviary.broker.audit.AuditEvent;
import io.aviary.broker.audit.AuditSink;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The broker's side of the audit stream: {@link #emit} hands an event to a bounded queue and
 * returns at once, on any thread; one shipping thread takes events off the queue and gives them to
 * a {@link Transport} (Kafka), retrying while it is unavailable. When the queue is full the newest
 * event is dropped and counted, never waited for: a slow or absent audit backend costs audit
 * events, never a stalled connection. After drops, the first event shipped again is preceded by one
 * {@code audit_dropped} marker carrying the count.
 */
public final class AuditShipper implements AuditSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditShipper.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** Where shipped events go. */
  public interface Transport extends AutoCloseable {
    /**
     * Sends one event; may block while the backend applies back-pressure.
     *
     * @throws Exception when the backend is unavailable; the shipper retries the same event
     */
    void send(AuditEvent event) throws Exception;

    /** Sends the marker for {@code dropped} events lost since the last marker. */
    void sendDropped(long dropped) throws Exception;
  }

  private final BlockingQueue<AuditEvent> queue;
  private final Transport transport;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong shipped = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param capacity events held while the transport is slow or down
   */
  public AuditShipper(int capacity, Transport transport) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.transport = transport;
    this.thread = Thread.ofPlatform().daemon().name("aviary-audit-shipper").unstarted(this::run);
    thread.start();
  }

  @Override
  public void emit(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  /** Events dropped because the queue was full, in total. */
  public long dropped() {
    return dropped.get();
  }

  /** Events handed to the transport, in total. */
  public long shipped() {
    return shipped.get();
  }

  /** Events waiting in the queue. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    long reported = 0;
    long backoffMillis = 50;
    AuditEvent next = null;
    while (!closed || next != null || !queue.isEmpty()) {
      try {
        if (next == null) {
          next = queue.poll(200, TimeUnit.MILLISECONDS);
          if (next == null) {
            continue;
          }
        }
        long lost = dropped.get() - reported;
        if (lost > 0) {
          transport.sendDropped(lost);
          reported += lost;
        }
        transport.send(next);
        shipped.incrementAndGet();
        next = null;
        backoffMillis = 50;
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (Exception e) {
        if (closed) {
          LOG.warnf("audit backend unavailable at shutdown; %d events not shipped", queue.size());
          return;
        }
        LOG.debugf("audit backend unavailable, retrying: %s", e.getMessage());
        try {
          // Retry backoff of a background sender, not a synchronisation.
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    thread.join(Duration.ofSeconds(10));
    thread.interrupt();
    transport.close();
  }
}
