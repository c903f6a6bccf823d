package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Human output for simulations, decisions and diffs, read from their JSON (acl-service's replies,
 * or {@link io.aviary.acl.AclJson} for local runs) so both print alike.
 */
final class Render {
  private Render() {}

  /** Whether a simulation or decision allows: {@code verdict}, else {@code allowed}. */
  static boolean allowed(JsonNode result) {
    JsonNode decision = result.has("decision") ? result.get("decision") : result;
    String verdict = Json.text(decision, "verdict");
    if (verdict != null) {
      return "allow".equals(verdict);
    }
    return decision.path("allowed").asBoolean(false);
  }

  /** A rule reference in a reply: its label, name or pointer; {@code default} when none. */
  static String ruleLabel(JsonNode rule) {
    if (rule == null || rule.isNull() || rule.isMissingNode()) {
      return "default";
    }
    if (rule.isValueNode()) {
      return rule.asText();
    }
    for (String field : List.of("label", "name", "pointer")) {
      String value = Json.text(rule, field);
      if (value != null) {
        return value;
      }
    }
    return rule.has("index") ? "/rules/" + rule.get("index").asInt() : "a rule";
  }

  /** {@code allow (publish-own)}, {@code deny (default)}: a decision on one line. */
  static String decision(JsonNode result) {
    JsonNode decision = result.has("decision") ? result.get("decision") : result;
    StringBuilder text = new StringBuilder(allowed(decision) ? "allow" : "deny");
    if (allowed(decision) && decision.has("qos")) {
      text.append(" qos ").append(decision.get("qos").asInt());
    }
    text.append(" (").append(ruleLabel(decision.get("rule")));
    String reason = Json.text(decision, "reason");
    if (reason != null && !reason.equals("rule") && !reason.equals("default")) {
      text.append(", ").append(reason);
    }
    return text.append(')').toString();
  }

  /** The verdict, deciding rule, bound topic and trace of one simulation. */
  static void simulation(JsonNode result, PrintWriter out) {
    JsonNode decision = result.has("decision") ? result.get("decision") : result;
    boolean allowed = allowed(decision);
    out.println("verdict:     " + (allowed ? "allow" : "deny"));
    if (allowed && decision.has("qos")) {
      out.println("qos:         " + decision.get("qos").asInt());
    }
    out.println("rule:        " + ruleLabel(decision.get("rule")));
    String reason = Json.text(decision, "reason");
    if (reason != null) {
      out.println("reason:      " + reason);
    }
    String bound = Json.text(result, "bound_topic");
    if (bound != null) {
      out.println("bound topic: " + bound);
    }
    JsonNode trace = Json.list(result.get("trace"));
    if (!trace.isEmpty()) {
      out.println("trace:");
      int n = 1;
      for (JsonNode step : trace) {
        StringBuilder line = new StringBuilder("  ").append(n++).append(". ");
        line.append(ruleLabel(step.get("rule"))).append(": ");
        line.append(Json.text(step, "outcome") == null ? "?" : Json.text(step, "outcome"));
        String detail = Json.text(step, "detail");
        if (detail != null && !detail.isEmpty()) {
          line.append(" - ").append(detail);
        }
        out.println(line);
      }
    }
  }

  /**
   * A policy diff: {@code + added}, {@code - removed}, {@code ~ changed} rules, then the cases
   * whose decision changes.
   *
   * @return whether there is any difference
   */
  static boolean diff(JsonNode diff, PrintWriter out) {
    boolean defaultChanged = diff.path("default_changed").asBoolean(false);
    JsonNode rules = Json.list(diff.get("rules"));
    JsonNode decisions = Json.list(diff.get("decisions"));
    if (defaultChanged) {
      JsonNode change = diff.get("default_action");
      if (change != null && change.isObject()) {
        out.println(
            "~ default_action: " + Json.text(change, "from") + " -> " + Json.text(change, "to"));
      } else {
        out.println("~ default_action changed");
      }
    }
    for (JsonNode change : rules) {
      String kind = String.valueOf(Json.text(change, "kind"));
      JsonNode from = change.get("from");
      JsonNode to = change.get("to");
      switch (kind) {
        case "added" -> out.println("+ " + ruleLabel(to) + ": " + rule(to));
        case "removed" -> out.println("- " + ruleLabel(from) + ": " + rule(from));
        default ->
            out.println(
                "~ "
                    + ruleLabel(to != null && !to.isNull() ? to : from)
                    + ": "
                    + rule(from)
                    + " -> "
                    + rule(to));
      }
    }
    if (!decisions.isEmpty()) {
      out.println("decision changes:");
      for (JsonNode change : decisions) {
        JsonNode probe = change.has("case") ? change.get("case") : change.get("probe");
        out.println(
            "  "
                + probe(probe)
                + ": "
                + decision(change.path("from"))
                + " -> "
                + decision(change.path("to")));
      }
    }
    boolean different = defaultChanged || !rules.isEmpty() || !decisions.isEmpty();
    List<String> counts = new ArrayList<>();
    if (defaultChanged) {
      counts.add("default_action changed");
    }
    counts.add(Problems.count(rules.size(), "rule change"));
    counts.add(Problems.count(decisions.size(), "decision change"));
    out.println(different ? String.join(", ", counts) : "no differences");
    return different;
  }

  /** A rule on one line: {@code allow publish agents/{agent_id}/out qos [0,1] priority 10}. */
  static String rule(JsonNode rule) {
    if (rule == null || rule.isNull() || !rule.isObject()) {
      return "(none)";
    }
    StringBuilder text = new StringBuilder();
    text.append(Json.text(rule, "effect")).append(' ').append(Json.text(rule, "action"));
    text.append(' ').append(Json.text(rule, "topic"));
    for (String field : List.of("qos", "qos_mode", "retain", "priority", "when")) {
      JsonNode value = rule.get(field);
      if (value != null && !value.isNull()) {
        text.append(' ').append(field).append(' ').append(Json.compact(value));
      }
    }
    return text.toString();
  }

  /** A case on one line: {@code publish agents/a1/out as {"agent_id":"a1"}}. */
  static String probe(JsonNode probe) {
    if (probe == null || probe.isNull()) {
      return "(case)";
    }
    StringBuilder text = new StringBuilder();
    text.append(Json.text(probe, "action")).append(' ').append(Json.text(probe, "topic"));
    if (probe.has("qos")) {
      text.append(" qos ").append(probe.get("qos").asInt());
    }
    if (probe.path("retain").asBoolean(false)) {
      text.append(" retained");
    }
    JsonNode identity = probe.has("identity") ? probe.get("identity") : probe.get("subject");
    if (identity != null && !identity.isNull()) {
      text.append(" as ").append(Json.compact(identity));
    }
    return text.toString();
  }
}
