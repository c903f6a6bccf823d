package io.aviary.acl;

import java.util.Set;

/**
 * One rule of a policy.
 *
 * @param index position in the document's {@code rules} array
 * @param name optional, unique within the policy; null when absent
 * @param topic a topic filter that may contain variables such as {@code {user_id}}
 * @param action what the rule governs
 * @param effect its verdict when it matches
 * @param priority higher first; equal priorities keep document order
 * @param qos the QoS levels an allow rule permits; empty means any
 * @param qosMode what happens to a QoS outside {@code qos}
 * @param retain whether an allow rule permits retained publishes; null means it does
 * @param when match conditions; {@link Conditions#NONE} when absent
 */
public record Rule(
    int index,
    String name,
    String topic,
    Action action,
    Effect effect,
    int priority,
    Set<Integer> qos,
    QosMode qosMode,
    Boolean retain,
    Conditions when) {

  public Rule {
    qos = Set.copyOf(qos);
  }

  /** The JSON pointer of this rule in its document. */
  public String pointer() {
    return "/rules/" + index;
  }

  /** The name, or the pointer when the rule has none: how messages refer to it. */
  public String label() {
    return name != null ? name : pointer();
  }
}
