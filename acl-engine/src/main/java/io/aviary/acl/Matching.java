package io.aviary.acl;

import io.aviary.broker.topic.TopicLevels;

/**
 * Topic-set relations between a rule pattern (levels where {@code +} and {@code #} are wildcards
 * and everything else is a literal) and a topic name or filter.
 */
final class Matching {
  private Matching() {}

  /** The levels of a pattern as a {@link TopicLevels}. */
  record Levels(String[] levels) implements TopicLevels {
    @Override
    public int levelCount() {
      return levels.length;
    }

    @Override
    public String level(int index) {
      return levels[index];
    }
  }

  /**
   * Whether the pattern matches the topic name. A rule's pattern is a set of topics, not a
   * subscription: its wildcards match topics starting with '$' as well.
   */
  static boolean matches(String[] p, TopicLevels t) {
    int n = t.levelCount();
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals("#")) {
        return true;
      }
      if (i >= n || !(p[i].equals("+") || p[i].equals(t.level(i)))) {
        return false;
      }
    }
    return p.length == n;
  }

  /** Whether every topic the filter {@code f} can match is matched by the pattern {@code p}. */
  static boolean covers(String[] p, TopicLevels f) {
    int n = f.levelCount();
    for (int i = 0; i < p.length; i++) {
      String pl = p[i];
      if (pl.equals("#")) {
        return true;
      }
      if (i >= n) {
        return false;
      }
      String fl = f.level(i);
      if (fl.equals("#")) {
        return false;
      }
      if (!pl.equals("+") && (fl.equals("+") || !pl.equals(fl))) {
        return false;
      }
    }
    return p.length == n;
  }

  /**
   * Whether some topic is matched both by the pattern {@code p} and the filter {@code f}. A filter
   * starting with a wildcard delivers no topic starting with '$' [MQTT-4.7.2-1].
   */
  static boolean intersects(String[] p, TopicLevels f) {
    if (isWild(f.level(0)) && !isWild(p[0]) && p[0].startsWith("$")) {
      return false;
    }
    int n = f.levelCount();
    for (int i = 0; ; i++) {
      boolean pEnd = i >= p.length;
      boolean fEnd = i >= n;
      if (pEnd && fEnd) {
        return true;
      }
      if (!pEnd && p[i].equals("#") || !fEnd && f.level(i).equals("#")) {
        return true;
      }
      if (pEnd || fEnd) {
        return false;
      }
      String pl = p[i];
      String fl = f.level(i);
      if (!pl.equals("+") && !fl.equals("+") && !pl.equals(fl)) {
        return false;
      }
    }
  }

  static boolean isWild(String level) {
    return level.equals("+") || level.equals("#");
  }
}
