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

  /**
   * Events sent between two flushes at most, even while the queue never runs empty: a bound on how
   * long the transport holds an event back (about 40 ms at 100,000 events a second).
   */
  private static final int FLUSH_EVERY = 4096;

  /** Where shipped events go. */
  public interface Transport extends AutoCloseable {
    /**
     * Hands one record to the backend, which may hold it back to batch it; may block while the
     * backend applies back-pressure.
     *
     * @param lost told, on any thread, of records the backend accepted but then failed to store
     * @throws Exception when the backend cannot take the record now; the shipper retries it
     */
    void send(AuditRecord record, Lost lost) throws Exception;

    /**
     * Hands on what {@link #send} held back to batch with later records; called whenever the queue
     * runs empty. Like {@code send}, it may throw; what it could not hand on, it keeps.
     */
    default void flush(Lost lost) throws Exception {}

    /** Events {@link #send} took and holds back until a {@link #flush}. */
    default int packed() {
      return 0;
    }
  }

  /**
   * Records a backend accepted and then failed to store. Told as counts, so that a backend need not
   * keep every event it sent until Kafka acknowledges it.
   */
  public interface Lost {
    /** {@code count} events of {@code org} (none but {@code audit_dropped} markers) were lost. */
    void events(String org, int count);

    /** A marker was lost: the drops it reported are to be reported again. */
    void marker(AuditRecord.AuditDropped marker);

    /** Tells one record, whatever its type. */
    default void record(AuditRecord record) {
      if (record instanceof AuditRecord.AuditDropped marker) {
        marker(marker);
      } else {
        events(record.orgId(), 1);
      }
    }
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
  // Events sent since the transport's last flush; the shipping thread's only.
  private int unflushed;
  // The kind of failure last reported, null while shipping works; the shipping thread's only.
  private Class<?> failing;
  // One callback for every record: no allocation per shipped event.
  private final Lost onLost =
      new Lost() {
        @Override
        public void events(String org, int count) {
          lost.add(count);
          long now = clock.millis();
          drop(org, count, now, now);
        }

        @Override
        public void marker(AuditRecord.AuditDropped marker) {
          lost.increment();
          drop(
              marker.orgId(),
              marker.dropped(),
              marker.firstDroppedAt().toEpochMilli(),
              marker.lastDroppedAt().toEpochMilli());
        }
      };
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
        if (unflushed >= FLUSH_EVERY) {
          // Also what bounds the events held back while the backend refuses: none is taken until
          // these are handed on.
          transport.flush(onLost);
          unflushed = 0;
        }
        if (next == null) {
          next = queue.poll();
          if (next == null) {
            if (unflushed > 0) {
              transport.flush(onLost);
              unflushed = 0;
            }
            // Not a synchronisation: the rest of a consumer that is never signalled.
            LockSupport.parkNanos(idle < 1000 ? IDLE_NANOS : 10 * IDLE_NANOS);
            idle++;
            continue;
          }
          idle = 0;
        }
        transport.send(next, onLost);
        shipped.incrementAndGet();
        unflushed++;
        next = null;
        backoffMillis = 50;
        if (failing != null) {
          failing = null;
          LOG.info("audit events are shipped again");
        }
      } catch (Exception e) {
        if (closed) {
          unsentAtShutdown(next);
          return;
        }
        reportFailure(e);
        try {
          // Retry backoff of a background sender, not a synchronisation.
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
      }
    }
    try {
      transport.flush(onLost);
    } catch (Exception e) {
      unsentAtShutdown(null);
    }
  }

  /**
   * A warning when shipping starts failing or fails differently (Kafka down, credentials refused,
   * TLS not trusted), so that an operator sees why the buffer fills; each retry after that is a
   * debug line only.
   */
  private void reportFailure(Exception e) {
    if (e.getClass() != failing) {
      failing = e.getClass();
      LOG.warnf(
          "audit events cannot be shipped, retrying (%d wait): %s: %s",
          queue.size(), e.getClass().getSimpleName(), e.getMessage());
    } else {
      LOG.debugf("audit backend unavailable, retrying: %s", e.getMessage());
    }
  }

  private void unsentAtShutdown(AuditRecord next) {
    LOG.warnf(
        "audit backend unavailable at shutdown; %d events not shipped",
        queue.size() + transport.packed() + (next == null ? 0 : 1));
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
      unflushed++;
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
