package io.aviary.acl;

import io.aviary.broker.topic.InvalidTopicException;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;

/** Explains decisions: the verdict a broker would reach, the deciding rule and a trace. */
public final class Simulator {
  private Simulator() {}

  /**
   * Simulates one publish ({@code topic} is a topic name) or subscribe ({@code topic} is a filter,
   * optionally {@code $share/group/filter}).
   *
   * @param action {@link Action#PUBLISH} or {@link Action#SUBSCRIBE}
   * @throws IllegalArgumentException with a sentence when the topic or filter is not valid MQTT
   */
  public static Simulation simulate(
      Policy policy, Subject subject, Action action, String topic, int qos, boolean retain) {
    return simulate(CompiledPolicy.compile(policy), subject, action, topic, qos, retain);
  }

  /** As {@link #simulate(Policy, Subject, Action, String, int, boolean)}, on a compiled policy. */
  public static Simulation simulate(
      CompiledPolicy policy,
      Subject subject,
      Action action,
      String topic,
      int qos,
      boolean retain) {
    if (action == Action.ALL || action == null) {
      throw new IllegalArgumentException("The action to simulate is publish or subscribe.");
    }
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS is 0, 1 or 2, not " + qos + ".");
    }
    String checked = normalize(action, topic);
    BoundSession session = (BoundSession) policy.bind(subject);
    return session.explain(action, checked, qos, retain);
  }

  /**
   * Decides one case the way a broker does (through the index, not the trace), for diffs and tests.
   */
  static Decision decide(SessionAcl session, Action action, String topic, int qos, boolean retain) {
    String checked = normalize(action, topic);
    return action == Action.PUBLISH
        ? session.publish(TopicName.parse(checked), qos, retain)
        : session.subscribe(TopicFilter.parse(checked), qos);
  }

  /** The topic name or filter a broker checks: a shared subscription is checked on its filter. */
  private static String normalize(Action action, String topic) {
    try {
      if (action == Action.PUBLISH) {
        return TopicName.parse(topic).value();
      }
      return SubscriptionFilter.parse(topic).filter().value();
    } catch (InvalidTopicException e) {
      throw new IllegalArgumentException("'" + topic + "' is not valid: " + e.getMessage() + ".");
    }
  }
}
