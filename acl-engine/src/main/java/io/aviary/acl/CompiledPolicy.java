package io.aviary.acl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A policy prepared for evaluation: rules in precedence order (higher {@code priority} first, then
 * document order) with their topic patterns split once and their verdicts precomputed, and the
 * variable-free rules indexed in a trie per action. Immutable and shared by every session of an
 * organization; {@link #bind} makes the per-session view.
 */
public final class CompiledPolicy {
  private static final Consumer<String> IGNORE = m -> {};

  private final Policy policy;
  private final CompiledRule[] ordered;
  private final Trie publishIndex = new Trie();
  private final Trie subscribeIndex = new Trie();
  private final long[] unconditional;
  private final int[] sessionSpecificRanks;
  private final Decision[] defaultDecisions = new Decision[3];

  /** A rule with its rank (position in precedence order), parsed pattern and verdicts. */
  record CompiledRule(
      Rule rule,
      int rank,
      TopicPattern pattern,
      String[][] staticPatterns,
      ClientIdMatcher clientId,
      Decision[] publishDecisions,
      Decision[] subscribeDecisions) {

    boolean dynamic() {
      return staticPatterns == null;
    }

    /** The pattern's levels when it has no variables. */
    String[] staticLevels() {
      return staticPatterns[0];
    }

    Decision publish(int qos, boolean retain) {
      return publishDecisions[qos * 2 + (retain ? 1 : 0)];
    }
  }

  private CompiledPolicy(Policy policy) {
    this.policy = policy;
    this.ordered = order(policy.rules()).toArray(CompiledRule[]::new);
    long[] always = new long[(ordered.length + 63) >>> 6];
    List<Integer> specificRanks = new ArrayList<>();
    for (CompiledRule r : ordered) {
      if (r.dynamic() || !r.rule().when().isEmpty()) {
        specificRanks.add(r.rank());
      } else {
        always[r.rank() >>> 6] |= 1L << r.rank();
      }
      if (!r.dynamic()) {
        if (r.rule().action().covers(Action.PUBLISH)) {
          publishIndex.add(r.staticLevels(), r.rank());
        }
        if (r.rule().action().covers(Action.SUBSCRIBE)) {
          subscribeIndex.add(r.staticLevels(), r.rank());
        }
      }
    }
    this.unconditional = always;
    this.sessionSpecificRanks = specificRanks.stream().mapToInt(Integer::intValue).toArray();
    boolean allow = policy.defaultAction() == Effect.ALLOW;
    for (int q = 0; q < 3; q++) {
      defaultDecisions[q] = new Decision(allow, q, null, Decision.Reason.DEFAULT);
    }
  }

  public static CompiledPolicy compile(Policy policy) {
    return new CompiledPolicy(policy);
  }

  public Policy policy() {
    return policy;
  }

  /**
   * Binds the subject's variables and conditions once; the result answers that session's checks.
   */
  public SessionAcl bind(Subject subject) {
    return new BoundSession(this, subject);
  }

  CompiledRule[] ordered() {
    return ordered;
  }

  Trie publishIndex() {
    return publishIndex;
  }

  Trie subscribeIndex() {
    return subscribeIndex;
  }

  /** One bit per rank, set for the rules without conditions or variables. */
  long[] unconditional() {
    return unconditional;
  }

  /** The ranks of the rules with conditions or variables, ascending. */
  int[] sessionSpecificRanks() {
    return sessionSpecificRanks;
  }

  /** Whether any rule has conditions or variables, so sessions differ. */
  boolean sessionSpecific() {
    return sessionSpecificRanks.length > 0;
  }

  Decision defaultDecision(int qos) {
    return defaultDecisions[qos];
  }

  /** The rules of a (valid) policy in precedence order, compiled. */
  static List<CompiledRule> order(List<Rule> rules) {
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingInt(Rule::priority).reversed());
    List<CompiledRule> out = new ArrayList<>(sorted.size());
    for (int rank = 0; rank < sorted.size(); rank++) {
      Rule r = sorted.get(rank);
      TopicPattern pattern = TopicPattern.parse(r.topic(), IGNORE, IGNORE);
      if (pattern == null) {
        throw new IllegalArgumentException(r.pointer() + ": invalid topic " + r.topic());
      }
      out.add(
          new CompiledRule(
              r,
              rank,
              pattern,
              pattern.hasVariables() ? null : new String[][] {texts(pattern)},
              ClientIdMatcher.of(r.when().clientId()),
              publishDecisions(r),
              subscribeDecisions(r)));
    }
    return out;
  }

  static String[] texts(TopicPattern pattern) {
    TopicPattern.Level[] levels = pattern.levels();
    String[] out = new String[levels.length];
    for (int i = 0; i < levels.length; i++) {
      out[i] = levels[i].text();
    }
    return out;
  }

  private static Decision[] publishDecisions(Rule r) {
    Decision[] out = new Decision[6];
    for (int q = 0; q < 3; q++) {
      for (int retain = 0; retain < 2; retain++) {
        Decision d;
        if (r.effect() == Effect.DENY) {
          d = new Decision(false, q, r, Decision.Reason.RULE);
        } else if (retain == 1 && Boolean.FALSE.equals(r.retain())) {
          d = new Decision(false, q, r, Decision.Reason.RETAIN_NOT_ALLOWED);
        } else {
          d = qosDecision(r, q);
        }
        out[q * 2 + retain] = d;
      }
    }
    return out;
  }

  private static Decision[] subscribeDecisions(Rule r) {
    Decision[] out = new Decision[3];
    for (int q = 0; q < 3; q++) {
      out[q] =
          r.effect() == Effect.DENY
              ? new Decision(false, q, r, Decision.Reason.RULE)
              : qosDecision(r, q);
    }
    return out;
  }

  /** An allow rule's verdict on QoS {@code q}. */
  static Decision qosDecision(Rule r, int q) {
    int granted = grant(r, q);
    return granted < 0
        ? new Decision(false, q, r, Decision.Reason.QOS_NOT_ALLOWED)
        : new Decision(true, granted, r, Decision.Reason.RULE);
  }

  /** The QoS an allow rule grants for {@code q}, or -1 when it refuses it. */
  static int grant(Rule r, int q) {
    if (r.qos().isEmpty() || r.qos().contains(q)) {
      return q;
    }
    if (r.qosMode() == QosMode.DOWNGRADE) {
      for (int lower = q - 1; lower >= 0; lower--) {
        if (r.qos().contains(lower)) {
          return lower;
        }
      }
    }
    return -1;
  }
}
