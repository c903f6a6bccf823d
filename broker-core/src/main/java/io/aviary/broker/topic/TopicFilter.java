package io.aviary.broker.topic;

/**
 * A validated MQTT topic filter: '+' and '#' only as whole levels, '#' only last [MQTT-4.7.1-1,2].
 */
public final class TopicFilter implements TopicLevels {
  private final String value;
  private final String[] levels;
  private final boolean wildcard;

  private TopicFilter(String value, String[] levels, boolean wildcard) {
    this.value = value;
    this.levels = levels;
    this.wildcard = wildcard;
  }

  public static TopicFilter parse(String value) {
    return parse(value, TopicName.DEFAULT_MAX_LEVELS);
  }

  public static TopicFilter parse(String value, int maxLevels) {
    Topics.checkCharacters(value, "topic filter");
    String[] levels = Topics.split(value);
    if (levels.length > maxLevels) {
      throw new InvalidTopicException("topic filter has more than " + maxLevels + " levels");
    }
    boolean wildcard = false;
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.equals("#")) {
        if (i != levels.length - 1) {
          throw new InvalidTopicException("'#' must be the last level of a topic filter");
        }
        wildcard = true;
      } else if (level.equals("+")) {
        wildcard = true;
      } else if (level.indexOf('#') >= 0 || level.indexOf('+') >= 0) {
        throw new InvalidTopicException(
            "a wildcard must occupy a whole level, not '" + level + "'");
      }
    }
    return new TopicFilter(value, levels, wildcard);
  }

  public String value() {
    return value;
  }

  public boolean hasWildcard() {
    return wildcard;
  }

  @Override
  public int levelCount() {
    return levels.length;
  }

  @Override
  public String level(int index) {
    return levels[index];
  }

  /** Whether this filter matches the topic, with the '$' rule [MQTT-4.7.2-1]. */
  public boolean matches(TopicName topic) {
    String[] t = topic.levels();
    if (topic.isSystem() && (levels[0].equals("+") || levels[0].equals("#"))) {
      return false;
    }
    int i = 0;
    for (; i < levels.length; i++) {
      String f = levels[i];
      if (f.equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f.equals("+") && !f.equals(t[i])) {
        return false;
      }
    }
    return i == t.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicFilter f && f.value.equals(value);
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
