package io.aviary.benchmarks;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.EventIds;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's cost per audited publish: an event id, the verdict record (on the event loop) and
 * its line of JSON in a packed Kafka record (on the shipping thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuditEventBenchmark {
  private final AuditCodec codec = new AuditCodec();
  private final AclDecided verdict = verdict(EventIds.next());
  private final AuditCodec.LineBuffer pack = codec.lineBuffer();
  private final AuditCodec.LineBuffer runs = codec.lineBuffer(true);

  private static AclDecided verdict(UUID id) {
    return new AclDecided(
        id,
        "org_abcdefghijkl",
        "broker-0",
        Instant.now(),
        "sensor-0042",
        "device|0042",
        AclDecided.Action.PUBLISH,
        "devices/sensor-0042/telemetry/temperature",
        1,
        false,
        AclDecided.Verdict.ALLOW,
        "telemetry",
        Decision.Reason.RULE,
        1733000000000L,
        false);
  }

  /** What the event loop does per audited publish. */
  @Benchmark
  public AclDecided recordOnTheEventLoop() {
    return verdict(EventIds.next());
  }

  /** One event as a document of its own (tenant-api's outbox, tests). */
  @Benchmark
  public byte[] wireJson() {
    return codec.write(verdict);
  }

  /**
   * What the shipping thread does per event before Kafka: a line of its organization's pack, the
   * pack's buffer reused once it reaches the default 64 KiB.
   */
  @Benchmark
  public int packedLine() {
    pack.append(verdict);
    int size = pack.size();
    if (size >= 64 * 1024) {
      pack.clear();
    }
    return size;
  }

  /**
   * The same with verdict runs (ADR 7): an entry of its client's run per event, and per 64 KiB pack
   * the runs' headers and the copy the producer is given.
   */
  @Benchmark
  public int packedRun() {
    runs.append(verdict);
    int size = runs.size();
    if (size >= 64 * 1024) {
      size += runs.toByteArray().length;
      runs.clear();
    }
    return size;
  }
}
