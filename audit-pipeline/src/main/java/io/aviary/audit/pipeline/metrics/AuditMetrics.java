package io.aviary.audit.pipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's business metrics, as Prometheus names them: {@code
 * aviary_audit_events_written_total}, {@code aviary_audit_write_seconds} (one sample per batch),
 * {@code aviary_audit_dead_lettered_total{reason}}, {@code aviary_audit_consumer_lag}, {@code
 * aviary_audit_duplicates_total}, {@code aviary_audit_write_failures_total}, {@code
 * aviary_audit_retention_deleted_total}, {@code aviary_audit_retention_partitions_dropped_total}
 * and {@code aviary_audit_retention_sweeps_total{outcome}}. A plain class, so the ingest and
 * retention cores take it in tests with a {@code SimpleMeterRegistry}.
 */
public final class AuditMetrics {

  private final MeterRegistry registry;
  private final Counter written;
  private final Counter duplicates;
  private final Counter writeFailures;
  private final Timer writeTime;
  private final Counter retentionDeleted;
  private final Counter partitionsDropped;
  private final Map<Object, Long> lags = new ConcurrentHashMap<>();
  private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
  private final Map<String, Counter> sweeps = new ConcurrentHashMap<>();

  public AuditMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.written =
        Counter.builder("aviary.audit.events.written")
            .description("Audit events stored (new rows only)")
            .register(registry);
    this.duplicates =
        Counter.builder("aviary.audit.duplicates")
            .description("Redelivered audit events skipped because they were already stored")
            .register(registry);
    this.writeFailures =
        Counter.builder("aviary.audit.write.failures")
            .description("Batches the database refused; each is retried from its first offset")
            .register(registry);
    this.writeTime =
        Timer.builder("aviary.audit.write")
            .description("Time to store one batch, from the INSERT to the commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.retentionDeleted =
        Counter.builder("aviary.audit.retention.deleted")
            .description("Rows deleted by the retention sweep (dropped partitions not counted)")
            .register(registry);
    this.partitionsDropped =
        Counter.builder("aviary.audit.retention.partitions.dropped")
            .description("Daily partitions dropped because every retention had passed them")
            .register(registry);
    Gauge.builder("aviary.audit.consumer.lag", lags, AuditMetrics::sum)
        .description("Records not yet committed: end offsets minus committed offsets")
        .register(registry);
  }

  /** A batch was stored: {@code inserted} new rows out of {@code accepted} valid events. */
  public void batchWritten(int accepted, int inserted, Duration took) {
    written.increment(inserted);
    duplicates.increment((double) accepted - inserted);
    writeTime.record(took);
  }

  public void writeFailed() {
    writeFailures.increment();
  }

  /** A record was moved to the dead-letter topic for {@code reason} (a closed set of codes). */
  public void deadLettered(String reason) {
    deadLettered
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("aviary.audit.dead.lettered")
                    .description("Records the codec refused, moved to the dead-letter topic")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /** The lag of one consumer's partitions; the gauge is the sum over this process' consumers. */
  public void lag(Object consumer, long records) {
    lags.put(consumer, records);
  }

  /** A consumer stopped: its partitions are someone else's now. */
  public void lagGone(Object consumer) {
    lags.remove(consumer);
  }

  private static double sum(Map<Object, Long> lags) {
    return lags.values().stream().mapToLong(Long::longValue).sum();
  }

  public void retentionDeleted(long rows) {
    retentionDeleted.increment((double) rows);
  }

  public void partitionsDropped(int count) {
    partitionsDropped.increment(count);
  }

  /** A sweep ended: {@code completed} or {@code settings_unavailable} or {@code failed}. */
  public void sweep(String outcome) {
    sweeps
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("aviary.audit.retention.sweeps")
                    .description("Retention sweeps by outcome; nothing is deleted unless completed")
                    .tag("outcome", o)
                    .register(registry))
        .increment();
  }

  /** Stored events in total (for tests and the benchmark). */
  public double written() {
    return written.count();
  }

  public double duplicates() {
    return duplicates.count();
  }

  public double writeFailures() {
    return writeFailures.count();
  }

  public double deadLetteredTotal() {
    return deadLettered.values().stream().mapToDouble(Counter::count).sum();
  }

  /** Sweeps that ended with {@code outcome}. */
  public double sweeps(String outcome) {
    Counter counter = sweeps.get(outcome);
    return counter == null ? 0 : counter.count();
  }

  public long lag() {
    return (long) sum(lags);
  }

  public Timer writeTimer() {
    return writeTime;
  }
}
