package io.aviary.acl;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;

/** One session's view of a policy: its checks are in memory, allocation-free and thread-safe. */
public interface SessionAcl {
  /** May the session publish to {@code topic} at {@code qos}, retained or not? */
  Decision publish(TopicName topic, int qos, boolean retain);

  /**
   * May the session subscribe to {@code filter} (without any {@code $share/group/} prefix) at
   * {@code qos}? A wildcard filter is allowed only when every topic it can match is.
   */
  Decision subscribe(TopicFilter filter, int qos);

  /**
   * May the session receive a message on {@code topic}, as a subscription to exactly that topic
   * would be decided? For messages queued before the session's identity or policy changed.
   */
  boolean mayReceive(TopicName topic);
}
