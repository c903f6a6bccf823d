package io.aviary.acl;

import io.aviary.broker.topic.TopicLevels;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Rule patterns indexed by level, so that finding the first rule (lowest rank) that matches a topic
 * walks the topic's levels instead of scanning rules. Ranks must be added in increasing order. A
 * lookup allocates nothing.
 */
final class Trie {
  static final int NONE = Integer.MAX_VALUE;
  private static final int[] EMPTY = new int[0];

  private static final class Node {
    HashMap<String, Node> children;
    Node plus;
    int[] hashRanks = EMPTY;
    int[] endRanks = EMPTY;
    int minRank = NONE;
  }

  private final Node root = new Node();
  private int size;

  int size() {
    return size;
  }

  void add(String[] levels, int rank) {
    Node n = root;
    n.minRank = Math.min(n.minRank, rank);
    for (String level : levels) {
      if (level.equals("#")) {
        n.hashRanks = append(n.hashRanks, rank);
        size++;
        return;
      }
      if (level.equals("+")) {
        if (n.plus == null) {
          n.plus = new Node();
        }
        n = n.plus;
      } else {
        if (n.children == null) {
          n.children = new HashMap<>(4);
        }
        n = n.children.computeIfAbsent(level, k -> new Node());
      }
      n.minRank = Math.min(n.minRank, rank);
    }
    n.endRanks = append(n.endRanks, rank);
    size++;
  }

  private static int[] append(int[] ranks, int rank) {
    if (ranks.length > 0 && ranks[ranks.length - 1] == rank) {
      return ranks;
    }
    int[] out = Arrays.copyOf(ranks, ranks.length + 1);
    out[ranks.length] = rank;
    return out;
  }

  /**
   * The lowest rank below {@code below} whose pattern matches {@code topic} and whose bit is set in
   * {@code applicable} (null: every rank applies), or {@code below} when there is none; {@code
   * below} is {@link #NONE} to look at every rank.
   */
  int first(TopicLevels topic, long[] applicable, int below) {
    if (size == 0) {
      return below;
    }
    return walk(root, topic, 0, applicable, below);
  }

  private static int walk(Node n, TopicLevels t, int i, long[] applicable, int best) {
    if (n.minRank >= best) {
      return best;
    }
    if (n.hashRanks.length > 0) {
      best = Math.min(best, firstApplicable(n.hashRanks, applicable, best));
    }
    if (i == t.levelCount()) {
      return Math.min(best, firstApplicable(n.endRanks, applicable, best));
    }
    if (n.children != null) {
      Node child = n.children.get(t.level(i));
      if (child != null) {
        best = walk(child, t, i + 1, applicable, best);
      }
    }
    if (n.plus != null) {
      best = walk(n.plus, t, i + 1, applicable, best);
    }
    return best;
  }

  /**
   * The lowest rank whose pattern covers every topic {@code pattern} (a rule pattern, whose '+' and
   * '#' are wildcards and whose other levels compare as text) can match, or {@link #NONE}.
   */
  int firstCovering(String[] pattern) {
    return size == 0 ? NONE : cover(root, pattern, 0, NONE);
  }

  private static int cover(Node n, String[] p, int i, int best) {
    if (n.minRank >= best) {
      return best;
    }
    if (n.hashRanks.length > 0) {
      best = Math.min(best, n.hashRanks[0]);
    }
    if (i == p.length) {
      return n.endRanks.length > 0 ? Math.min(best, n.endRanks[0]) : best;
    }
    String level = p[i];
    if (level.equals("#")) {
      return best; // only a '#' here covers a '#'
    }
    if (!level.equals("+") && n.children != null) {
      Node child = n.children.get(level);
      if (child != null) {
        best = cover(child, p, i + 1, best);
      }
    }
    if (n.plus != null) {
      best = cover(n.plus, p, i + 1, best);
    }
    return best;
  }

  private static int firstApplicable(int[] ranks, long[] applicable, int best) {
    for (int rank : ranks) {
      if (rank >= best) {
        return best;
      }
      if (applicable == null || (applicable[rank >>> 6] & (1L << rank)) != 0) {
        return rank;
      }
    }
    return best;
  }
}
