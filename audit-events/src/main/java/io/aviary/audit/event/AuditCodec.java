package io.aviary.audit.event;

/**
 * Writes audit records as schema-version-1 JSON and reads them back strictly: a document that the
 * checked-in schema would refuse comes back as a {@link Refusal} saying why, never as an exception,
 * so that a consumer can route it to its dead-letter topic.
 */
public final class AuditCodec {

  private final AuditWriter writer = new AuditWriter();
  private final AuditReader reader = new AuditReader();

  /** The record as UTF-8 JSON. */
  public byte[] write(AuditRecord record) {
    return writer.write(record);
  }

  /** The record in {@code json}, or why it is refused. Never throws on bad input. */
  public Result read(byte[] json) {
    return reader.read(json);
  }

  /** The outcome of {@link #read}. */
  public sealed interface Result {}

  /** A valid event. */
  public record Accepted(AuditRecord record) implements Result {}

  /**
   * A refused document.
   *
   * @param reason one sentence saying what is wrong
   * @param pointer the JSON pointer (RFC 6901) of the offending value; empty when the whole
   *     document or a rule across fields is at fault
   */
  public record Refusal(String reason, String pointer) implements Result {}
}
