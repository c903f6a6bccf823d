package io.aviary.audit.pipeline.query;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a query, export or tail selects within one organization; every condition is optional and all
 * that are given must hold. Values are already validated ({@link QueryInput}).
 *
 * @param types event type codes, any of which matches; empty for every type
 * @param from inclusive lower bound on {@code time}, or null
 * @param to exclusive upper bound on {@code time}, or null
 * @param topicPrefix the topic or filter starts with this, or null
 */
public record EventFilter(
    List<String> types,
    Instant from,
    Instant to,
    String clientId,
    String principal,
    String topicPrefix,
    String verdict,
    String reason) {

  /** Everything. */
  public static final EventFilter ALL =
      new EventFilter(List.of(), null, null, null, null, null, null, null);

  public EventFilter {
    types = List.copyOf(types);
  }

  /**
   * Whether a row with these columns passes the conditions other than time (the live tail applies
   * them in memory, so that it reads each row once whatever the filter).
   */
  public boolean matches(
      String type, String clientId, String principal, String topic, String verdict, String reason) {
    return (types.isEmpty() || types.contains(type))
        && (this.clientId == null || this.clientId.equals(clientId))
        && (this.principal == null || this.principal.equals(principal))
        && (topicPrefix == null || (topic != null && topic.startsWith(topicPrefix)))
        && (this.verdict == null || this.verdict.equals(verdict))
        && (this.reason == null || Objects.equals(this.reason, reason));
  }
}
