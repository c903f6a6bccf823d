package io.aviary.audit.event;

/**
 * The Kafka topics of the audit stream. Producers key every record by its organization id, so one
 * organization's events stay in order on one partition.
 */
public final class AuditTopics {

  /** Where brokers and services write audit events of every schema version. */
  public static final String EVENTS = "aviary.audit.v1";

  /** Where the pipeline moves records it cannot read (malformed or of an unknown version). */
  public static final String DEAD_LETTER = "aviary.audit.v1.dlq";

  private AuditTopics() {}
}
