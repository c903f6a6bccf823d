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
}
