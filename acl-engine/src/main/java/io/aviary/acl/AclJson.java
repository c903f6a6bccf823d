package io.aviary.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the engine's results, shared by acl-service's responses and the CLI's {@code
 * --json} output so both print the same thing. Field names are snake_case.
 */
public final class AclJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AclJson() {}

  /** A request value that cannot be used, with the JSON pointer of the culprit. */
  public static final class InvalidInput extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String pointer;

    public InvalidInput(String pointer, String message) {
      super(message);
      this.pointer = pointer;
    }

    public String pointer() {
      return pointer;
    }
  }

  /** {@code {"severity","pointer","line","column","message"}}. */
  public static ObjectNode problem(Problem p) {
    ObjectNode n = NODES.objectNode();
    n.put("severity", p.severity().code());
    n.put("pointer", p.pointer());
    n.put("line", p.line());
    n.put("column", p.column());
    n.put("message", p.message());
    return n;
  }

  public static ArrayNode problems(List<Problem> problems) {
    ArrayNode a = NODES.arrayNode();
    problems.forEach(p -> a.add(problem(p)));
    return a;
  }

  /** {@code {"valid": bool, "problems": [...]}}. */
  public static ObjectNode validation(ParseResult result) {
    ObjectNode n = NODES.objectNode();
    n.put("valid", result.valid());
    n.set("problems", problems(result.problems()));
    return n;
  }

  /** A policy as a JSON tree, in its canonical form. */
  public static ObjectNode policy(Policy policy) {
    try {
      return (ObjectNode) MAPPER.readTree(PolicyDocument.write(policy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One rule as it appears in a document, plus its {@code index}. */
  public static ObjectNode rule(Rule rule) {
    try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
      PolicyDocument.writeRule(buffer, rule);
      ObjectNode n = NODES.objectNode();
      n.put("index", rule.index());
      n.setAll((ObjectNode) MAPPER.readTree(buffer.asParser()));
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"verdict","qos","rule","rule_index","reason"}}. */
  public static ObjectNode decision(Decision d) {
    ObjectNode n = NODES.objectNode();
    n.put("verdict", d.allowed() ? "allow" : "deny");
    n.put("qos", d.qos());
    n.put("rule", d.ruleLabel());
    if (d.rule() == null) {
      n.putNull("rule_index");
    } else {
      n.put("rule_index", d.rule().index());
    }
    n.put("reason", d.reason().code());
    return n;
  }

  /** The decision's fields plus {@code bound_topic} and {@code trace}. */
  public static ObjectNode simulation(Simulation s) {
    ObjectNode n = decision(s.decision());
    n.put("bound_topic", s.boundTopic());
    ArrayNode trace = n.putArray("trace");
    for (Simulation.Step step : s.trace()) {
      ObjectNode t = trace.addObject();
      t.put("rule", step.rule().label());
      t.put("rule_index", step.rule().index());
      t.put("outcome", step.outcome());
      t.put("detail", step.detail());
    }
    return n;
  }

  /** {@code {"id","name","description","policy"}}. */
  public static ObjectNode template(Template t) {
    ObjectNode n = NODES.objectNode();
    n.put("id", t.id());
    n.put("name", t.name());
    n.put("description", t.description());
    n.set("policy", policy(t.policy()));
    return n;
  }

  /** {@code {"default_changed","rules":[{"kind","from","to"}],"decisions":[...]}}. */
  public static ObjectNode diff(PolicyDiff.Result r) {
    ObjectNode n = NODES.objectNode();
    n.put("default_changed", r.defaultChanged());
    ArrayNode rules = n.putArray("rules");
    for (PolicyDiff.RuleChange c : r.rules()) {
      ObjectNode o = rules.addObject();
      o.put("kind", c.kind());
      o.set("from", c.from() == null ? NODES.nullNode() : rule(c.from()));
      o.set("to", c.to() == null ? NODES.nullNode() : rule(c.to()));
    }
    ArrayNode decisions = n.putArray("decisions");
    for (PolicyDiff.DecisionChange c : r.decisions()) {
      ObjectNode o = decisions.addObject();
      o.set("probe", probe(c.probe()));
      o.set("from", decision(c.from()));
      o.set("to", decision(c.to()));
    }
    return n;
  }

  /** A probe as a case object, the shape {@link #probe(JsonNode, String)} reads. */
  public static ObjectNode probe(PolicyDiff.Probe p) {
    ObjectNode n = NODES.objectNode();
    ObjectNode identity = n.putObject("identity");
    p.subject()
        .bindings()
        .forEach(
            (k, v) -> {
              if (v.size() == 1) {
                identity.put(k, v.get(0));
              } else {
                ArrayNode a = identity.putArray(k);
                v.forEach(a::add);
              }
            });
    n.put("action", p.action().code());
    n.put("topic", p.topic());
    n.put("qos", p.qos());
    n.put("retain", p.retain());
    if (p.subject().source() != null) {
      n.put("source_ip", p.subject().source().getHostAddress());
    }
    if (p.subject().protocolVersion() != 0) {
      n.put("mqtt_version", PolicyDocument.versionName(p.subject().protocolVersion()));
    }
    return n;
  }

  /**
   * Reads a case: {@code {"identity": {claims}, "action": "publish|subscribe", "topic", "qos",
   * "retain", "source_ip", "mqtt_version"}}.
   *
   * @param at the JSON pointer of {@code node}, for errors
   * @throws InvalidInput naming the offending field
   */
  public static PolicyDiff.Probe probe(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new InvalidInput(at, "must be an object with identity, action and topic");
    }
    Subject subject = subject(node, at);
    JsonNode action = node.get("action");
    Action a = action != null && action.isTextual() ? Action.fromCode(action.asText()) : null;
    if (a == null || a == Action.ALL) {
      throw new InvalidInput(at + "/action", "must be \"publish\" or \"subscribe\"");
    }
    JsonNode topic = node.get("topic");
    if (topic == null || !topic.isTextual() || topic.asText().isEmpty()) {
      throw new InvalidInput(at + "/topic", "must be a non-empty topic name or filter");
    }
    int qos = 0;
    JsonNode q = node.get("qos");
    if (q != null && !q.isNull()) {
      if (!q.isInt() || q.asInt() < 0 || q.asInt() > 2) {
        throw new InvalidInput(at + "/qos", "must be 0, 1 or 2");
      }
      qos = q.asInt();
    }
    boolean retain = false;
    JsonNode r = node.get("retain");
    if (r != null && !r.isNull()) {
      if (!r.isBoolean()) {
        throw new InvalidInput(at + "/retain", "must be true or false");
      }
      retain = r.asBoolean();
    }
    return new PolicyDiff.Probe(subject, a, topic.asText(), qos, retain);
  }

  /** The subject of a case: its identity claims, source_ip and mqtt_version. */
  public static Subject subject(JsonNode node, String at) {
    JsonNode identity = node.get("identity");
    if (identity == null || !identity.isObject()) {
      throw new InvalidInput(
          at + "/identity", "must be an object of claims, e.g. {\"agent_id\": \"a1\"}");
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    identity
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (v.isArray()) {
                claims.put(e.getKey(), MAPPER.convertValue(v, List.class));
              } else if (v.isValueNode() && !v.isNull()) {
                claims.put(e.getKey(), v.asText());
              }
            });
    InetAddress source = null;
    JsonNode ip = node.get("source_ip");
    if (ip != null && !ip.isNull()) {
      try {
        Cidr.parse(ip.asText());
        source = InetAddress.getByName(ip.asText());
      } catch (IllegalArgumentException | IOException e) {
        throw new InvalidInput(at + "/source_ip", "must be an IPv4 or IPv6 address");
      }
    }
    int version = 0;
    JsonNode v = node.get("mqtt_version");
    if (v != null && !v.isNull()) {
      version = PolicyDocument.protocolLevel(v.asText());
      if (version == 0) {
        throw new InvalidInput(at + "/mqtt_version", "must be \"3.1\", \"3.1.1\" or \"5.0\"");
      }
    }
    return Subject.ofClaims(claims, source, version);
  }
}
