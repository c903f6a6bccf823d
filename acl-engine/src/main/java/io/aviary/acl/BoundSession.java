package io.aviary.acl;

import io.aviary.acl.CompiledPolicy.CompiledRule;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicLevels;
import io.aviary.broker.topic.TopicName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled policy bound to one session. Conditions and variables are settled here, once: rules
 * whose conditions fail or whose variables are unbound are marked inapplicable, and rules with
 * variables are expanded to literal patterns in a per-session trie. Checks then walk two tries.
 */
final class BoundSession implements SessionAcl {
  /** Most literal patterns one rule may bind to (multi-valued bindings multiply). */
  static final int MAX_EXPANSIONS = 256;

  private static final String[][] NO_PATTERNS = new String[0][];
  private static final int[] NO_RANKS = new int[0];
  private static final String[][][] NO_EXPANSIONS = new String[0][][];

  private final CompiledPolicy policy;
  private final Subject subject;
  private final long[] applicable;
  private final Trie publishDynamic;
  private final Trie subscribeDynamic;
  private final int[] dynamicRanks;
  private final String[][][] expansions;

  /** Why a rule does not apply to this session. */
  record Inapplicable(String outcome, String detail) {}

  BoundSession(CompiledPolicy policy, Subject subject) {
    this.policy = policy;
    this.subject = subject;
    if (!policy.sessionSpecific()) {
      applicable = null;
      publishDynamic = null;
      subscribeDynamic = null;
      dynamicRanks = NO_RANKS;
      expansions = NO_EXPANSIONS;
      return;
    }
    CompiledRule[] rules = policy.ordered();
    // Rules without conditions or variables apply to everyone; only the others are looked at.
    applicable = policy.unconditional().clone();
    Trie pub = new Trie();
    Trie sub = new Trie();
    List<Integer> ranks = new ArrayList<>();
    List<String[][]> bound = new ArrayList<>();
    for (int rank : policy.sessionSpecificRanks()) {
      CompiledRule r = rules[rank];
      if (inapplicable(r, subject) != null) {
        continue;
      }
      String[][] patterns = r.dynamic() ? expand(r, subject) : null;
      if (r.dynamic() && patterns == null) {
        continue;
      }
      applicable[r.rank() >>> 6] |= 1L << r.rank();
      if (patterns != null) {
        ranks.add(r.rank());
        bound.add(patterns);
        for (String[] p : patterns) {
          if (r.rule().action().covers(Action.PUBLISH)) {
            pub.add(p, r.rank());
          }
          if (r.rule().action().covers(Action.SUBSCRIBE)) {
            sub.add(p, r.rank());
          }
        }
      }
    }
    publishDynamic = pub.size() == 0 ? null : pub;
    subscribeDynamic = sub.size() == 0 ? null : sub;
    dynamicRanks = ranks.stream().mapToInt(Integer::intValue).toArray();
    expansions = bound.toArray(String[][][]::new);
  }

  @Override
  public Decision publish(TopicName topic, int qos, boolean retain) {
    int best = first(policy.publishIndex(), publishDynamic, topic);
    return best == Trie.NONE
        ? policy.defaultDecision(qos)
        : policy.ordered()[best].publish(qos, retain);
  }

  @Override
  public Decision subscribe(TopicFilter filter, int qos) {
    if (filter.hasWildcard()) {
      return wildcard(filter, qos, null);
    }
    int best = first(policy.subscribeIndex(), subscribeDynamic, filter);
    return best == Trie.NONE
        ? policy.defaultDecision(qos)
        : policy.ordered()[best].subscribeDecisions()[qos];
  }

  @Override
  public boolean mayReceive(TopicName topic) {
    int best = first(policy.subscribeIndex(), subscribeDynamic, topic);
    return best == Trie.NONE
        ? policy.policy().defaultAction() == Effect.ALLOW
        : policy.ordered()[best].subscribeDecisions()[2].allowed()
            || policy.ordered()[best].subscribeDecisions()[1].allowed()
            || policy.ordered()[best].subscribeDecisions()[0].allowed();
  }

  private int first(Trie shared, Trie own, TopicLevels topic) {
    int best = shared.first(topic, applicable, Trie.NONE);
    // The session's own trie only needs to look for a rule that outranks the shared one's.
    return own == null ? best : own.first(topic, null, best);
  }

  /** The linear evaluation of a wildcard subscription, optionally recording a trace. */
  private Decision wildcard(TopicFilter f, int qos, List<Simulation.Step> trace) {
    int granted = qos;
    boolean overlapped = false;
    for (CompiledRule cr : policy.ordered()) {
      Rule r = cr.rule();
      if (skipped(cr, Action.SUBSCRIBE, trace)) {
        continue;
      }
      boolean covered = false;
      boolean overlapping = false;
      String[] deciding = null;
      for (String[] p : patterns(cr)) {
        if (Matching.covers(p, f)) {
          covered = true;
          deciding = p;
          break;
        }
        if (!overlapping && Matching.intersects(p, f)) {
          overlapping = true;
          deciding = p;
        }
      }
      if (!covered && !overlapping) {
        if (trace != null) {
          step(trace, r, "topic", "'" + f.value() + "' and '" + r.topic() + "' share no topic.");
        }
        continue;
      }
      // Trace sentences are built only when tracing: the broker's path allocates none.
      String bound = trace == null ? null : String.join("/", deciding);
      if (r.effect() == Effect.DENY) {
        if (trace != null) {
          step(
              trace,
              r,
              "matched",
              covered
                  ? "'" + bound + "' covers '" + f.value() + "'; the rule denies it."
                  : "'"
                      + f.value()
                      + "' would receive topics of '"
                      + bound
                      + "', which this rule denies.");
        }
        return new Decision(
            false, qos, r, covered ? Decision.Reason.RULE : Decision.Reason.FILTER_TOO_WIDE);
      }
      int g = CompiledPolicy.grant(r, granted);
      if (g < 0) {
        if (trace != null) {
          step(trace, r, "matched", "QoS " + granted + " is not among the rule's " + r.qos() + ".");
        }
        return new Decision(false, qos, r, Decision.Reason.QOS_NOT_ALLOWED);
      }
      granted = g;
      if (covered) {
        if (trace != null) {
          step(trace, r, "matched", "'" + bound + "' covers every topic of '" + f.value() + "'.");
        }
        return new Decision(true, granted, r, Decision.Reason.RULE);
      }
      overlapped = true;
      if (trace != null) {
        step(
            trace,
            r,
            "overlap",
            "'" + bound + "' allows part of '" + f.value() + "'; later rules decide the rest.");
      }
    }
    if (policy.policy().defaultAction() == Effect.ALLOW) {
      return new Decision(true, granted, null, Decision.Reason.DEFAULT);
    }
    return new Decision(
        false, qos, null, overlapped ? Decision.Reason.FILTER_TOO_WIDE : Decision.Reason.DEFAULT);
  }

  /** Simulates one check the slow way, rule by rule, recording why each did or did not decide. */
  Simulation explain(Action action, String topic, int qos, boolean retain) {
    List<Simulation.Step> trace = new ArrayList<>();
    if (action == Action.SUBSCRIBE) {
      TopicFilter f = TopicFilter.parse(topic);
      if (f.hasWildcard()) {
        Decision d = wildcard(f, qos, trace);
        return new Simulation(d, boundTopic(d, f), trace);
      }
    }
    TopicName t = TopicName.parse(topic);
    for (CompiledRule cr : policy.ordered()) {
      Rule r = cr.rule();
      if (skipped(cr, action, trace)) {
        continue;
      }
      for (String[] p : patterns(cr)) {
        if (Matching.matches(p, t)) {
          Decision d =
              action == Action.PUBLISH ? cr.publish(qos, retain) : cr.subscribeDecisions()[qos];
          String bound = String.join("/", p);
          step(trace, r, "matched", "'" + bound + "' matches '" + topic + "'.");
          return new Simulation(d, bound, trace);
        }
      }
      step(trace, r, "topic", "'" + topic + "' does not match '" + r.topic() + "'.");
    }
    return new Simulation(policy.defaultDecision(qos), null, trace);
  }

  private String boundTopic(Decision d, TopicFilter f) {
    if (d.rule() == null) {
      return null;
    }
    for (CompiledRule cr : policy.ordered()) {
      if (cr.rule() == d.rule()) {
        for (String[] p : patterns(cr)) {
          if (Matching.intersects(p, f)) {
            return String.join("/", p);
          }
        }
      }
    }
    return null;
  }

  private boolean skipped(CompiledRule cr, Action action, List<Simulation.Step> trace) {
    Rule r = cr.rule();
    if (!r.action().covers(action)) {
      if (trace != null) {
        step(
            trace,
            r,
            "action",
            "The rule governs " + r.action().code() + ", not " + action.code() + ".");
      }
      return true;
    }
    if (!applies(cr)) {
      if (trace != null) {
        Inapplicable why = inapplicable(cr, subject);
        if (why == null) {
          why = new Inapplicable("variable", tooWide(cr));
        }
        step(trace, r, why.outcome(), why.detail());
      }
      return true;
    }
    return false;
  }

  private static void step(List<Simulation.Step> trace, Rule r, String outcome, String detail) {
    trace.add(new Simulation.Step(r, outcome, detail));
  }

  private boolean applies(CompiledRule cr) {
    return applicable == null || (applicable[cr.rank() >>> 6] & (1L << cr.rank())) != 0;
  }

  private String[][] patterns(CompiledRule cr) {
    if (!cr.dynamic()) {
      return cr.staticPatterns();
    }
    int i = Arrays.binarySearch(dynamicRanks, cr.rank());
    return i < 0 ? NO_PATTERNS : expansions[i];
  }

  /** Why the rule's conditions or variables rule it out for {@code s}, or null when they do not. */
  static Inapplicable inapplicable(CompiledRule cr, Subject s) {
    Conditions w = cr.rule().when();
    for (var claim : w.claims().entrySet()) {
      List<String> have = s.bindings().getOrDefault(claim.getKey(), List.of());
      if (have.stream().noneMatch(claim.getValue()::contains)) {
        return new Inapplicable(
            "condition",
            "Binding '"
                + claim.getKey()
                + "' is "
                + (have.isEmpty() ? "absent" : have)
                + ", not one of "
                + claim.getValue()
                + ".");
      }
    }
    if (!w.roles().isEmpty()) {
      List<String> have = s.bindings().getOrDefault("role", List.of());
      if (have.stream().noneMatch(w.roles()::contains)) {
        return new Inapplicable(
            "condition",
            "Role is " + (have.isEmpty() ? "absent" : have) + ", not one of " + w.roles() + ".");
      }
    }
    if (cr.clientId() != null && !cr.clientId().matches(s.first("client_id"), s::first)) {
      return new Inapplicable(
          "condition",
          "Client id "
              + (s.first("client_id") == null ? "is unknown" : "'" + s.first("client_id") + "'")
              + " does not match '"
              + w.clientId()
              + "'.");
    }
    if (!w.sourceCidrs().isEmpty()
        && w.sourceCidrs().stream().noneMatch(c -> c.contains(s.source()))) {
      return new Inapplicable(
          "condition",
          "Source address "
              + (s.source() == null ? "is unknown" : s.source().getHostAddress())
              + " is not in "
              + w.sourceCidrs()
              + ".");
    }
    if (!w.mqttVersions().isEmpty() && !w.mqttVersions().contains(s.protocolVersion())) {
      return new Inapplicable(
          "condition",
          "MQTT version "
              + (s.protocolVersion() == 0
                  ? "is unknown"
                  : PolicyDocument.versionName(s.protocolVersion()))
              + " is not one the rule accepts.");
    }
    for (TopicPattern.Level level : cr.pattern().levels()) {
      for (TopicPattern.Part part : level.parts()) {
        if (part.variable() == null) {
          continue;
        }
        List<String> values = s.bindings().getOrDefault(part.binding(), List.of());
        if (values.isEmpty()) {
          return new Inapplicable(
              "variable", "Variable {" + part.variable() + "} is not bound for this identity.");
        }
        if (values.stream().noneMatch(Variables::literalSafe)) {
          return new Inapplicable(
              "variable",
              "Every value of {"
                  + part.variable()
                  + "} contains '+', '#', '/' or NUL (or is empty); a bound value is a literal"
                  + " and such a value can never match a topic level.");
        }
      }
    }
    return null;
  }

  private static String tooWide(CompiledRule cr) {
    return "The rule's variables bind to more than "
        + MAX_EXPANSIONS
        + " topics for this identity; an allow rule that wide is not applied.";
  }

  /**
   * The rule's pattern with every combination of the subject's values (unsafe values dropped), or
   * null when an allow rule would bind to more than {@link #MAX_EXPANSIONS} patterns. A deny rule
   * that wide is widened instead, its variable levels becoming '+', so that it denies more, never
   * less.
   */
  static String[][] expand(CompiledRule cr, Subject s) {
    TopicPattern.Level[] levels = cr.pattern().levels();
    List<List<String>> options = new ArrayList<>(levels.length);
    long combinations = 1;
    for (TopicPattern.Level level : levels) {
      List<String> values =
          level.kind() == TopicPattern.Kind.TEMPLATE ? bind(level, s) : List.of(level.text());
      options.add(values);
      combinations *= values.size();
      if (combinations > MAX_EXPANSIONS) {
        break;
      }
    }
    if (combinations > MAX_EXPANSIONS) {
      if (cr.rule().effect() == Effect.ALLOW) {
        return null;
      }
      String[] widened = new String[levels.length];
      for (int i = 0; i < levels.length; i++) {
        widened[i] = levels[i].kind() == TopicPattern.Kind.TEMPLATE ? "+" : levels[i].text();
      }
      return new String[][] {widened};
    }
    List<String[]> out = new ArrayList<>();
    product(options, 0, new String[levels.length], out);
    return out.toArray(String[][]::new);
  }

  /** Every literal a template level takes under the subject's bindings (safe values only). */
  private static List<String> bind(TopicPattern.Level level, Subject s) {
    List<String> results = List.of("");
    for (TopicPattern.Part part : level.parts()) {
      List<String> next = new ArrayList<>();
      if (part.variable() == null) {
        for (String prefix : results) {
          next.add(prefix + part.literal());
        }
      } else {
        for (String value : s.bindings().getOrDefault(part.binding(), List.of())) {
          if (Variables.literalSafe(value)) {
            for (String prefix : results) {
              next.add(prefix + value);
            }
          }
        }
      }
      results = next.size() > MAX_EXPANSIONS + 1 ? next.subList(0, MAX_EXPANSIONS + 1) : next;
    }
    return results.stream().distinct().toList();
  }

  private static void product(List<List<String>> options, int i, String[] acc, List<String[]> out) {
    if (i == options.size()) {
      out.add(acc.clone());
      return;
    }
    for (String v : options.get(i)) {
      acc[i] = v;
      product(options, i + 1, acc, out);
    }
  }
}
