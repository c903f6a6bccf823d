package io.aviary.node.audit;

import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.EventIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jctools.queues.MpscArrayQueue;

/**
 * The broker's side of the audit stream: {@link #emit} hands an event to a bounded lock-free queue
 * and returns at once, on any thread, without waking anything; one shipping thread takes events off
 * the queue and gives them to a {@link Transport} (Kafka), retrying while it cannot take them. When
 * the queue is full the newest event is dropped and counted, never waited for: a slow or absent
 * audit backend costs audit events, never a stalled connection. Before anything else is shipped
 * after drops, each organization that lost events gets one {@code audit_dropped} marker with the
 * count and the time span, so its audit trail says where it has a gap.
 */
public final class AuditShipper implements AuditSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditShipper.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /**
   * How long the shipping thread rests when the queue is empty: emitting never signals it (a
   * wake-up per event would cost the event loops a system call each), so an event waits at most
   * this long, or ten times it after a quiet second.
   */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Where shipped events go. */
  public interface Transport extends AutoCloseable {
    /**
     * Hands one record to the backend, which may batch it; may block while the backend applies
     * back-pressure.
     *
     * @param lost given the record, on any thread, when the backend accepted it but then failed to
     *     store it
     * @throws Exception when the backend cannot take the record now; the shipper retries it
     */
    void send(AuditRecord record, Consumer<AuditRecord> lost) throws Exception;
  }

  private final MpscArrayQueue<AuditRecord> queue;
  private final Transport transport;
  private final String nodeId;
  private final Clock clock;
  private final EventIds ids;
  private final Thread thread;
  private final Map<String, OrgDrops> drops = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final AtomicLong unreported = new AtomicLong();
  private final AtomicLong shipped = new AtomicLong();
  private final AtomicLong markers = new AtomicLong();
  // One callback for every record: no allocation per shipped event.
  private final Consumer<AuditRecord> onLost = this::lost;
  private volatile boolean closed;

  /**
   * @param capacity events held while the transport is slow or down, rounded up to a power of two
   * @param nodeId the node named in {@code audit_dropped} markers
   */
  public AuditShipper(int capacity, String nodeId, Transport transport) {
    this(capacity, nodeId, transport, Clock.systemUTC());
  }

  AuditShipper(int capacity, String nodeId, Transport transport, Clock clock) {
    this.queue = new MpscArrayQueue<>(capacity);
    this.transport = transport;
    this.nodeId = nodeId;
    this.clock = clock;
    this.ids = new EventIds(clock);
    this.thread = Thread.ofPlatform().daemon().name("aviary-audit-shipper").unstarted(this::run);
    thread.start();
  }

  @Override
  public void emit(AuditRecord record) {
    if (closed || !queue.offer(record)) {
      dropped.increment();
      long now = clock.millis();
      drop(record.orgId(), 1, now, now);
    }
  }

  /** Events dropped because the queue was full or the node was shutting down, in total. */
  public long dropped() {
    return dropped.sum();
  }

  /** Events the transport accepted and later failed to store, in total. */
  public long lost() {
    return lost.sum();
  }

  /** Events handed to the transport, in total. */
  public long shipped() {
    return shipped.get();
  }

  /** {@code audit_dropped} markers handed to the transport, in total. */
  public long markers() {
    return markers.get();
  }

  /** Events waiting in the queue. */
  public int queued() {
    return queue.size();
  }

  /** How many events the queue holds at most. */
  public int capacity() {
    return queue.capacity();
  }

  private void lost(AuditRecord record) {
    lost.increment();
    if (record instanceof AuditRecord.AuditDropped marker) {
      drop(
          marker.orgId(),
          marker.dropped(),
          marker.firstDroppedAt().toEpochMilli(),
          marker.lastDroppedAt().toEpochMilli());
    } else {
      long now = clock.millis();
      drop(record.orgId(), 1, now, now);
    }
  }

  private void drop(String org, long count, long firstMillis, long lastMillis) {
    if (org == null) {
      return; // an authentication failure naming no organization: counted, nobody to tell
    }
    drops.computeIfAbsent(org, o -> new OrgDrops()).add(count, firstMillis, lastMillis);
    unreported.addAndGet(count);
  }

  private void run() {
    long backoffMillis = 50;
    int idle = 0;
    AuditRecord next = null;
    while (!closed || next != null || !queue.isEmpty()) {
      try {
        if (unreported.get() > 0) {
          reportDrops();
        }
        if (next == null) {
          next = queue.poll();
          if (next == null) {
            // Not a synchronisation: the rest of a consumer that is never signalled.
            LockSupport.parkNanos(idle < 1000 ? IDLE_NANOS : 10 * IDLE_NANOS);
            idle++;
            continue;
          }
          idle = 0;
        }
        transport.send(next, onLost);
        shipped.incrementAndGet();
        next = null;
        backoffMillis = 50;
      } catch (Exception e) {
        if (closed) {
          LOG.warnf(
              "audit backend unavailable at shutdown; %d events not shipped",
              queue.size() + (next == null ? 0 : 1));
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

  /** One marker per organization that lost events since its last marker. */
  private void reportDrops() throws Exception {
    for (Map.Entry<String, OrgDrops> e : drops.entrySet()) {
      OrgDrops.Span span = e.getValue().take();
      if (span == null) {
        continue;
      }
      AuditRecord.AuditDropped marker =
          new AuditRecord.AuditDropped(
              ids.nextId(),
              e.getKey(),
              nodeId,
              clock.instant(),
              span.count(),
              Instant.ofEpochMilli(span.first()),
              Instant.ofEpochMilli(span.last()));
      try {
        transport.send(marker, onLost);
      } catch (Exception failed) {
        e.getValue().add(span.count(), span.first(), span.last()); // told next time
        throw failed;
      }
      unreported.addAndGet(-span.count());
      markers.incrementAndGet();
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    LockSupport.unpark(thread);
    thread.join(Duration.ofSeconds(10));
    thread.interrupt();
    transport.close();
  }

  /** An organization's drops since its last marker. */
  private static final class OrgDrops {
    record Span(long count, long first, long last) {}

    private long count;
    private long first;
    private long last;

    synchronized void add(long n, long firstMillis, long lastMillis) {
      if (count == 0 || firstMillis < first) {
        first = firstMillis;
      }
      last = Math.max(last, lastMillis);
      count += n;
    }

    synchronized Span take() {
      if (count == 0) {
        return null;
      }
      Span span = new Span(count, first, Math.max(first, last));
      count = 0;
      last = 0;
      return span;
    }
  }
}
