package io.aviary.audit.event;

import io.aviary.audit.event.AuditRecord.AclDecided;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open verdict runs of one pack being filled (ADR 7): allowed publishes that share everything
 * but their event id, time, topic, QoS and retain flag are written as one {@code acl_verdict_run}
 * line ({@link AuditWriter#run}), a header with the shared fields and one short array per event. An
 * allowed publish costs the shipping thread about a fifth of the bytes of a whole {@code
 * acl_verdict} event, and its lz4 and Kafka work shrinks with them. Readers expand a run into the
 * very {@link AclDecided} records it stands for ({@link AuditReader}).
 *
 * <p>A client has one open run at a time, which stays open while the pack fills; every other event
 * closes them all first, so a client's connect, verdicts and disconnect keep their order in the
 * record. Only the verdicts of different clients, decided concurrently, change places. Not
 * thread-safe.
 */
final class VerdictRuns {

  /** The {@code type} of a run's line, which is not an event type of its own. */
  static final String TYPE = "acl_verdict_run";

  /** The largest time offset of a run's entry, in microseconds either way: one day. */
  static final long MAX_OFFSET_MICROS = 86_400_000_000L;

  /** What a run's header adds to the pack, for the pack's size before the runs are closed. */
  private static final int HEADER_BYTES = 320;

  // By client id. A pack holds one organization's events, and a client's allowed publishes share
  // the rest of a run's header but when its policy version or rule changes (see add).
  private final Map<String, Run> open = new LinkedHashMap<>();
  private final ArrayDeque<Run> spare = new ArrayDeque<>();
  private int bytes;

  /**
   * Adds {@code record} to its client's run, opening the run if needed, when it is an allowed
   * publish (the audit's high volume) of a time a run can hold. A publish that does not share the
   * open run's fields (a new policy version, another rule) closes that run into {@code out} first:
   * a client has one open run at a time, so its events keep their order.
   *
   * @return false when it is written as an event of its own instead
   */
  boolean add(AuditRecord record, JsonOut out) {
    if (!(record instanceof AclDecided d)
        || d.action() != AclDecided.Action.PUBLISH
        || d.verdict() != AclDecided.Verdict.ALLOW
        || !WireTime.fourDigitYear(d.time())) {
      return false;
    }
    long micros = micros(d.time());
    Run run = open.get(d.clientId());
    if (run == null) {
      run = spare.isEmpty() ? new Run() : spare.pop();
      open.put(d.clientId(), run);
    } else if (!run.holds(d, micros)) {
      close(run, out);
    }
    if (run.first == null) {
      run.first = d;
      run.baseMicros = micros;
      bytes += HEADER_BYTES;
    }
    int before = run.entries.size();
    AuditWriter.runEntry(d, micros - run.baseMicros, run.entries);
    bytes += run.entries.size() - before;
    return true;
  }

  /** About how many bytes the open runs will take once closed. */
  int bytes() {
    return bytes;
  }

  /** Writes every open run to {@code out} as a line, in opening order. */
  void closeInto(JsonOut out) {
    for (Run run : open.values()) {
      close(run, out);
    }
    clear();
  }

  /** Drops the open runs. */
  void clear() {
    for (Run run : open.values()) {
      run.clear();
      spare.push(run);
    }
    open.clear();
    bytes = 0;
  }

  /** Writes {@code run} to {@code out} as a line and empties it. */
  private void close(Run run, JsonOut out) {
    bytes -= HEADER_BYTES + run.entries.size();
    AuditWriter.run(run.first, run.entries, out);
    out.lineEnd(AuditCodec.LINE_END);
    run.clear();
  }

  /** One run: its first record, whose fields make the header, and its entries so far. */
  private static final class Run {
    private final JsonOut entries = new JsonOut(256, false);
    private AclDecided first;
    private long baseMicros;

    /**
     * Whether {@code record}, of this run's client and time {@code micros}, belongs here: the same
     * header fields, and a time within a day of the first (the clock did not step by more).
     */
    boolean holds(AclDecided record, long micros) {
      AclDecided f = first;
      return f.orgId().equals(record.orgId())
          && f.nodeId().equals(record.nodeId())
          && f.principal().equals(record.principal())
          && f.rule().equals(record.rule())
          && f.reason() == record.reason()
          && f.policyVersion() == record.policyVersion()
          && f.sampled() == record.sampled()
          && Math.abs(micros - baseMicros) <= MAX_OFFSET_MICROS;
    }

    void clear() {
      entries.clear();
      first = null;
    }
  }

  /** Microseconds since the epoch (a record's time has no finer part), of years 0 to 9999. */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // seconds and their fraction together
  private static long micros(Instant time) {
    return time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
  }
}
