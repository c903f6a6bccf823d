package io.aviary.acl;

/**
 * The verdict on one publish or subscribe.
 *
 * @param allowed whether it may proceed
 * @param qos the QoS it proceeds with (lower than asked when a rule downgraded it); meaningless
 *     when refused
 * @param rule the rule that decided, or null when the default did
 * @param reason why
 */
public record Decision(boolean allowed, int qos, Rule rule, Reason reason) {

  /** Why a decision came out as it did. */
  public enum Reason {
    /** A rule matched and its effect decided. */
    RULE,
    /** No rule matched; the policy's default decided. */
    DEFAULT,
    /** An allow rule matched but does not permit this QoS (qos_mode reject, or none lower). */
    QOS_NOT_ALLOWED,
    /** An allow rule matched but does not permit retained messages. */
    RETAIN_NOT_ALLOWED,
    /** A wildcard filter would receive topics that a deny rule (or the default) refuses. */
    FILTER_TOO_WIDE;

    private final String code = name().toLowerCase(java.util.Locale.ROOT);

    public String code() {
      return code;
    }
  }

  /** The deciding rule's label, or {@code default}. */
  public String ruleLabel() {
    return rule == null ? "default" : rule.label();
  }
}
