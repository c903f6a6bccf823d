package io.aviary.audit.event;

import io.aviary.audit.event.AuditRecord.AclDecided;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open verdict runs of one pack being filled (ADR 7): allowed publishes that share everything
 * but their event id, time, topic, QoS and retain flag are written as one {@code acl_verdict_run}
 * line, a header with the shared fields and one short array per event. An allowed publish costs the
 * shipping thread about a fifth of the bytes of a whole {@code acl_verdict} event, and its lz4 and
 * Kafka work shrinks with them. Readers expand a run into the very {@link AclDecided} records it
 * stands for ({@link AuditReader}).
 *
 * <p>A client has one open run at a time, which stays open while the pack fills; every other event
 * closes them all first, so a client's connect, verdicts and disconnect keep their order in the
 * record. Only the verdicts of different clients, decided concurrently, change places. Not
 * thread-safe.
 */
final class VerdictRuns {

  /** What a run's header adds to the pack, for the pack's size before the runs are closed. */
  private static final int HEADER_BYTES = 320;

  /** The largest time offset of a run's entry, in microseconds either way: one day. */
  static final long MAX_OFFSET_MICROS = 86_400_000_000L;

  /** The years whose times the wire form writes (four digits), in epoch seconds. */
  private static final long FIRST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z

  private static final long LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

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
  boolean add(AuditRecord record, JsonOut out, byte lineEnd) {
    if (!(record instanceof AclDecided d)
        || d.action() != AclDecided.Action.PUBLISH
        || d.verdict() != AclDecided.Verdict.ALLOW
        || d.time().getEpochSecond() < FIRST_SECOND
        || d.time().getEpochSecond() > LAST_SECOND) {
      return false;
    }
    Run run = open.get(d.clientId());
    if (run == null) {
      run = spare.isEmpty() ? new Run() : spare.pop();
      open.put(d.clientId(), run);
    } else if (!run.holds(d)) {
      bytes -= HEADER_BYTES + run.entries.size();
      run.writeTo(out);
      out.lineEnd(lineEnd);
      run.clear();
    }
    if (run.first == null) {
      run.start(d);
      bytes += HEADER_BYTES;
    }
    bytes += run.add(d);
    return true;
  }

  /** About how many bytes the open runs will take once closed. */
  int bytes() {
    return bytes;
  }

  /** Writes every open run to {@code out} as a line ending in {@code lineEnd}, in opening order. */
  void closeInto(JsonOut out, byte lineEnd) {
    for (Run run : open.values()) {
      run.writeTo(out);
      out.lineEnd(lineEnd);
      run.clear();
      spare.push(run);
    }
    open.clear();
    bytes = 0;
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

  /** One run: its first record, whose fields make the header, and its entries so far. */
  private static final class Run {
    private final JsonOut entries = new JsonOut(256, false);
    private AclDecided first;
    private long baseMicros;

    void start(AclDecided record) {
      first = record;
      baseMicros = micros(record.time());
    }

    /**
     * Whether {@code record}, of this run's client, belongs here: the same header fields, and a
     * time within a day of the first (the clock did not step by more within one pack).
     */
    boolean holds(AclDecided record) {
      AclDecided f = first;
      return f.orgId().equals(record.orgId())
          && f.nodeId().equals(record.nodeId())
          && f.principal().equals(record.principal())
          && f.rule().equals(record.rule())
          && f.reason() == record.reason()
          && f.policyVersion() == record.policyVersion()
          && f.sampled() == record.sampled()
          && Math.abs(micros(record.time()) - baseMicros) <= MAX_OFFSET_MICROS;
    }

    /** Appends {@code [event_id, offset, topic, qos, retain]}; returns the bytes written. */
    int add(AclDecided record) {
      int before = entries.size();
      entries.startArray();
      entries.uuid(record.eventId());
      entries.number(micros(record.time()) - baseMicros);
      entries.freshString(record.topic());
      entries.number(record.qos());
      entries.bool(record.retain());
      entries.endArray();
      return entries.size() - before;
    }

    void writeTo(JsonOut out) {
      out.startObject();
      name(out, "schema_version").number(AuditRecord.SCHEMA_VERSION);
      name(out, "type").string(AuditReader.RUN_TYPE);
      name(out, "org_id").string(first.orgId());
      name(out, "node_id").string(first.nodeId());
      name(out, "time");
      WireTime.write(first.time(), out);
      name(out, "client_id").string(first.clientId());
      name(out, "principal").string(first.principal());
      name(out, "action").string(first.action().code());
      name(out, "verdict").string(first.verdict().code());
      name(out, "rule").string(first.rule());
      name(out, "reason").string(first.reason().code());
      name(out, "policy_version").number(first.policyVersion());
      name(out, "sampled").bool(first.sampled());
      name(out, "verdicts").startArray();
      out.raw(entries);
      out.endArray();
      out.endObject();
    }

    private static JsonOut name(JsonOut out, String name) {
      out.name(name);
      return out;
    }

    void clear() {
      entries.clear();
      first = null;
    }
  }

  /** Microseconds since the epoch (a record's time has no finer part), of years 0 to 9999. */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // seconds and their fraction together
  static long micros(Instant time) {
    return time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
  }
}
