package io.aviary.broker.topic;

/** Read access to the levels of a topic name or filter, without copying them. */
public interface TopicLevels {
  int levelCount();

  String level(int index);

  /**
   * Whether the first level starts with '$' (such topics are not matched by a leading wildcard).
   */
  default boolean isSystem() {
    return level(0).startsWith("$");
  }
}
