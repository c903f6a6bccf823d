package io.aviary.audit.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes audit records as schema-version-1 JSON and reads them back strictly: a document that the
 * checked-in schema would refuse comes back as a {@link Refusal} saying why, never as an exception,
 * so that a consumer can route it to its dead-letter topic.
 *
 * <p>A Kafka record of the audit topics holds one or more events of one organization (its key),
 * each on a line of its own: a {@link LineBuffer} collects them, {@link #lines} splits them.
 * Written JSON never contains a line feed (JSON escapes it inside strings), so a line is exactly
 * one event, or one verdict run that stands for several allowed publishes (ADR 7). Packing several
 * events into a record spares the producer and Kafka their per-record work, which dominates for
 * small events.
 */
public final class AuditCodec {

  /** What ends each event in a record's value. */
  public static final byte LINE_END = '\n';

  private final AuditReader reader = new AuditReader();

  /** The record as UTF-8 JSON. */
  public byte[] write(AuditRecord record) {
    return AuditWriter.write(record);
  }

  /** An empty {@link LineBuffer} that writes every event as a line of its own. */
  public LineBuffer lineBuffer() {
    return new LineBuffer(false);
  }

  /**
   * An empty {@link LineBuffer}.
   *
   * @param verdictRuns whether allowed publishes are written as {@code acl_verdict_run} lines (ADR
   *     7), which only readers of this module's version or later understand
   */
  public LineBuffer lineBuffer(boolean verdictRuns) {
    return new LineBuffer(verdictRuns);
  }

  /**
   * Events as lines in memory, each followed by a {@link #LINE_END}: the value of a packed record
   * being filled. Its array is kept across {@link #clear}s, so a busy organization's packs do not
   * allocate while they fill. Not thread-safe.
   */
  public static final class LineBuffer {
    private final JsonOut out = new JsonOut(1024, true);
    // Null when every event is a line of its own.
    private final VerdictRuns runs;

    private LineBuffer(boolean verdictRuns) {
      this.runs = verdictRuns ? new VerdictRuns() : null;
    }

    /**
     * Appends the record: as a line of its own, or to its verdict run, which becomes a line when
     * any other event is appended or the buffer is read.
     */
    public void append(AuditRecord record) {
      if (runs != null) {
        if (runs.add(record, out)) {
          return;
        }
        runs.closeInto(out);
      }
      AuditWriter.write(record, out);
      out.lineEnd(LINE_END);
    }

    /** The bytes appended since the last {@link #clear}; about that while verdict runs are open. */
    public int size() {
      return runs == null ? out.size() : out.size() + runs.bytes();
    }

    /** A copy of the bytes appended since the last {@link #clear}, open verdict runs closed. */
    public byte[] toByteArray() {
      if (runs != null) {
        runs.closeInto(out);
      }
      return out.toByteArray();
    }

    /** Empties it for the next pack. */
    public void clear() {
      out.clear();
      if (runs != null) {
        runs.clear();
      }
    }
  }

  /**
   * The events of a Kafka record's value, one per line; a final line end is optional. An empty
   * value is one empty event (which {@link #read} refuses); a line that is empty in between is kept
   * as such, so every byte of the value is accounted for.
   */
  public static List<byte[]> lines(byte[] value) {
    if (value == null) {
      return List.of(new byte[0]);
    }
    List<byte[]> lines = new ArrayList<>(1);
    int start = 0;
    for (int i = 0; i < value.length; i++) {
      if (value[i] == LINE_END) {
        lines.add(Arrays.copyOfRange(value, start, i));
        start = i + 1;
      }
    }
    if (start < value.length || lines.isEmpty()) {
      lines.add(start == 0 ? value : Arrays.copyOfRange(value, start, value.length));
    }
    return lines;
  }

  /**
   * The record in {@code json}, the records of a verdict run, or why it is refused. Never throws on
   * bad input.
   */
  public Result read(byte[] json) {
    return reader.read(json);
  }

  /** The outcome of {@link #read}. */
  public sealed interface Result {}

  /** A valid event. */
  public record Accepted(AuditRecord record) implements Result {}

  /**
   * A valid {@code acl_verdict_run} line (ADR 7): the allowed publishes it stands for, in the order
   * written, each exactly the record that the broker audited.
   */
  public record AcceptedRun(List<AuditRecord.AclDecided> records) implements Result {
    public AcceptedRun {
      records = List.copyOf(records);
    }
  }

  /**
   * A refused document.
   *
   * @param kind what is wrong, as a closed set (for metrics and dead-letter headers)
   * @param reason one sentence saying what is wrong
   * @param pointer the JSON pointer (RFC 6901) of the offending value; empty when the whole
   *     document or a rule across fields is at fault
   */
  public record Refusal(Kind kind, String reason, String pointer) implements Result {

    /** What is wrong with a refused document. */
    public enum Kind {
      /** Not a JSON object at all (empty, not JSON, trailing data, an array...). */
      MALFORMED,
      /** A {@code schema_version} this reader does not read, or none. */
      UNSUPPORTED_VERSION,
      /** JSON of a known version that breaks the schema (missing, unknown or ill-typed fields). */
      INVALID
    }
  }
}
