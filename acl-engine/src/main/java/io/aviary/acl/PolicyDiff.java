package io.aviary.acl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What changes between two policy versions: the rules, and the decisions on given cases. */
public final class PolicyDiff {
  private PolicyDiff() {}

  /**
   * A case to decide under both versions.
   *
   * @param subject who
   * @param action {@link Action#PUBLISH} or {@link Action#SUBSCRIBE}
   * @param topic a topic name (publish) or filter (subscribe)
   * @param qos the QoS asked for
   * @param retain whether the publish is retained
   */
  public record Probe(Subject subject, Action action, String topic, int qos, boolean retain) {}

  /**
   * A rule added, removed or changed; rules are matched by name, unnamed ones by position.
   *
   * @param kind {@code added}, {@code removed} or {@code changed}
   * @param from the rule in the old version, null when added
   * @param to the rule in the new version, null when removed
   */
  public record RuleChange(String kind, Rule from, Rule to) {}

  /** A probe whose verdict, deciding rule or granted QoS differs between the versions. */
  public record DecisionChange(Probe probe, Decision from, Decision to) {}

  /**
   * The result.
   *
   * @param defaultChanged whether {@code default_action} changed
   * @param rules rule changes in the new version's order, removals last
   * @param decisions probes whose decision changes, in the order given
   */
  public record Result(
      boolean defaultChanged, List<RuleChange> rules, List<DecisionChange> decisions) {
    public Result {
      rules = List.copyOf(rules);
      decisions = List.copyOf(decisions);
    }

    public boolean isEmpty() {
      return !defaultChanged && rules.isEmpty() && decisions.isEmpty();
    }
  }

  /**
   * Compares {@code from} and {@code to}; a probe whose topic is not valid MQTT is skipped as no
   * broker would ever decide it.
   */
  public static Result diff(Policy from, Policy to, List<Probe> probes) {
    List<RuleChange> changes = new ArrayList<>();
    Map<String, Rule> oldRules = new HashMap<>();
    for (Rule r : from.rules()) {
      oldRules.put(key(r), r);
    }
    for (Rule r : to.rules()) {
      Rule old = oldRules.remove(key(r));
      if (old == null) {
        changes.add(new RuleChange("added", null, r));
      } else if (!sameContent(old, r)) {
        changes.add(new RuleChange("changed", old, r));
      }
    }
    from.rules().stream()
        .filter(r -> oldRules.containsKey(key(r)))
        .forEach(r -> changes.add(new RuleChange("removed", r, null)));
    List<DecisionChange> decisions = new ArrayList<>();
    if (!probes.isEmpty()) {
      CompiledPolicy a = CompiledPolicy.compile(from);
      CompiledPolicy b = CompiledPolicy.compile(to);
      for (Probe p : probes) {
        Decision before;
        Decision after;
        try {
          before =
              Simulator.decide(a.bind(p.subject()), p.action(), p.topic(), p.qos(), p.retain());
          after = Simulator.decide(b.bind(p.subject()), p.action(), p.topic(), p.qos(), p.retain());
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (before.allowed() != after.allowed()
            || before.qos() != after.qos()
            || before.reason() != after.reason()
            || !before.ruleLabel().equals(after.ruleLabel())) {
          decisions.add(new DecisionChange(p, before, after));
        }
      }
    }
    return new Result(from.defaultAction() != to.defaultAction(), changes, decisions);
  }

  private static String key(Rule r) {
    return r.name() != null ? "name:" + r.name() : "index:" + r.index();
  }

  private static boolean sameContent(Rule a, Rule b) {
    return Objects.equals(a.topic(), b.topic())
        && a.action() == b.action()
        && a.effect() == b.effect()
        && a.priority() == b.priority()
        && a.qos().equals(b.qos())
        && (a.qos().isEmpty() || a.qosMode() == b.qosMode())
        && Objects.equals(a.retain(), b.retain())
        && a.when().equals(b.when());
  }
}
