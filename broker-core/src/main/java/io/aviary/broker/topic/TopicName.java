package io.aviary.broker.topic;

/**
 * A validated MQTT topic name, as published to: no wildcards, no null character, well-formed UTF-8,
 * at most {@code maxLevels} levels. Immutable; parse once at the edge.
 */
public final class TopicName implements TopicLevels {
  /** Default bound on topic depth; deeper topics are refused rather than walked. */
  public static final int DEFAULT_MAX_LEVELS = 128;

  private final String value;
  private final String[] levels;

  private TopicName(String value, String[] levels) {
    this.value = value;
    this.levels = levels;
  }

  public static TopicName parse(String value) {
    return parse(value, DEFAULT_MAX_LEVELS);
  }

  public static TopicName parse(String value, int maxLevels) {
    Topics.checkCharacters(value, "topic name");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '+' || c == '#') {
        throw new InvalidTopicException("topic name contains the wildcard '" + c + "'");
      }
    }
    String[] levels = Topics.split(value);
    if (levels.length > maxLevels) {
      throw new InvalidTopicException("topic name has more than " + maxLevels + " levels");
    }
    return new TopicName(value, levels);
  }

  public String value() {
    return value;
  }

  @Override
  public int levelCount() {
    return levels.length;
  }

  @Override
  public String level(int index) {
    return levels[index];
  }

  /** Topics starting with '$' are not matched by a leading wildcard [MQTT-4.7.2-1]. */
  @Override
  public boolean isSystem() {
    return value.charAt(0) == '$';
  }

  String[] levels() {
    return levels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicName t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
