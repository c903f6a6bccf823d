package io.aviary.acl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aviary.acl.LocatedJson.Arr;
import io.aviary.acl.LocatedJson.Bool;
import io.aviary.acl.LocatedJson.Node;
import io.aviary.acl.LocatedJson.Num;
import io.aviary.acl.LocatedJson.Obj;
import io.aviary.acl.LocatedJson.Str;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The ACL v2 JSON format: reading with full validation, and writing. */
public final class PolicyDocument {
  /** Most rules a policy may have. */
  public static final int MAX_RULES = 10_000;

  private static final int MAX_NAME = 128;
  private static final int MAX_PRIORITY = 1_000_000;
  private static final Set<String> TOP = Set.of("version", "default_action", "rules");
  private static final Set<String> RULE_FIELDS =
      Set.of("name", "topic", "action", "effect", "priority", "qos", "qos_mode", "retain", "when");
  private static final Set<String> WHEN_FIELDS =
      Set.of("claims", "roles", "client_id", "source_cidrs", "mqtt_versions");
  private static final Map<String, Integer> MQTT_VERSIONS =
      Map.of("3.1", 3, "3.1.1", 4, "5", 5, "5.0", 5);
  private static final JsonFactory JSON = new JsonFactory();

  private PolicyDocument() {}

  /**
   * Reads and validates a document. Never throws on bad input: every problem (malformed JSON,
   * unknown fields, bad values, and warnings such as shadowed rules) is reported with its JSON
   * pointer, line and column.
   */
  public static ParseResult parse(String json) {
    return new Reader().read(json);
  }

  /** The MQTT protocol level (3, 4, 5) a version name such as {@code 3.1.1} stands for, or 0. */
  public static int protocolLevel(String version) {
    return MQTT_VERSIONS.getOrDefault(version, 0);
  }

  /** The version name of protocol level 3, 4 or 5. */
  public static String versionName(int level) {
    return switch (level) {
      case 3 -> "3.1";
      case 4 -> "3.1.1";
      case 5 -> "5.0";
      default -> throw new IllegalArgumentException("no MQTT protocol level " + level);
    };
  }

  private static final class Reader {
    private final List<Problem> problems = new ArrayList<>();

    ParseResult read(String json) {
      LocatedJson reader = new LocatedJson();
      Node root;
      try {
        root = reader.read(json);
      } catch (LocatedJson.SyntaxError e) {
        problems.add(new Problem(Severity.ERROR, "", e.line, e.column, e.getMessage()));
        return new ParseResult(null, problems);
      }
      for (LocatedJson.Duplicate d : reader.duplicates()) {
        problems.add(
            new Problem(
                Severity.ERROR,
                d.pointer(),
                d.line(),
                d.column(),
                "The field appears twice in the same object; keep one."));
      }
      Policy policy = policy(root);
      problems.sort(
          Comparator.comparingInt((Problem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
              .thenComparingInt(Problem::column));
      boolean failed = problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
      return new ParseResult(failed ? null : policy, problems);
    }

    private void error(String pointer, Node at, String message) {
      problems.add(new Problem(Severity.ERROR, pointer, at.line(), at.column(), message));
    }

    private void warn(String pointer, Node at, String message) {
      problems.add(new Problem(Severity.WARNING, pointer, at.line(), at.column(), message));
    }

    private Policy policy(Node root) {
      if (!(root instanceof Obj doc)) {
        error("", root, "A policy is a JSON object, not " + root.kind() + ".");
        return null;
      }
      unknown(doc, "", TOP, "a policy");
      Node version = doc.fields().get("version");
      if (version == null) {
        error("", doc, "\"version\" is required; this format is \"2.0\".");
      } else if (!(version instanceof Str s && s.value().equals(Policy.VERSION))) {
        error(
            "/version",
            version,
            "\"version\" must be the string \"2.0\"; found "
                + (version instanceof Str s ? "\"" + s.value() + "\"" : version.kind())
                + ".");
      }
      Effect defaultAction = Effect.DENY;
      Node def = doc.fields().get("default_action");
      if (def != null) {
        Effect e = def instanceof Str s ? Effect.fromCode(s.value()) : null;
        if (e == null) {
          error("/default_action", def, "\"default_action\" must be \"allow\" or \"deny\".");
        } else {
          defaultAction = e;
        }
      }
      Node rulesNode = doc.fields().get("rules");
      List<Rule> rules = new ArrayList<>();
      if (rulesNode == null) {
        error("", doc, "\"rules\" is required; use [] for a policy with none.");
      } else if (!(rulesNode instanceof Arr arr)) {
        error("/rules", rulesNode, "\"rules\" must be an array, not " + rulesNode.kind() + ".");
      } else if (arr.items().size() > MAX_RULES) {
        error(
            "/rules",
            rulesNode,
            "A policy has at most "
                + MAX_RULES
                + " rules; this one has "
                + arr.items().size()
                + ".");
      } else {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < arr.items().size(); i++) {
          Rule rule = rule(arr.items().get(i), i, names);
          if (rule != null) {
            rules.add(rule);
          }
        }
        if (rules.size() == arr.items().size()) {
          crossChecks(rules, arr);
        }
      }
      return new Policy(Policy.VERSION, defaultAction, rules);
    }

    private void unknown(Obj obj, String pointer, Set<String> allowed, String what) {
      for (Map.Entry<String, Node> f : obj.fields().entrySet()) {
        if (!allowed.contains(f.getKey())) {
          error(
              pointer + "/" + LocatedJson.escape(f.getKey()),
              f.getValue(),
              "Unknown field \""
                  + f.getKey()
                  + "\" in "
                  + what
                  + "; allowed: "
                  + String.join(", ", new TreeSet<>(allowed))
                  + ".");
        }
      }
    }

    private Rule rule(Node node, int index, Map<String, String> names) {
      String at = "/rules/" + index;
      if (!(node instanceof Obj r)) {
        error(at, node, "A rule is a JSON object, not " + node.kind() + ".");
        return null;
      }
      int before = errorCount();
      unknown(r, at, RULE_FIELDS, "a rule");
      String name = null;
      Node nameNode = r.fields().get("name");
      if (nameNode != null) {
        if (!(nameNode instanceof Str s) || s.value().isBlank()) {
          error(at + "/name", nameNode, "\"name\" must be a non-empty string.");
        } else if (s.value().length() > MAX_NAME) {
          error(at + "/name", nameNode, "\"name\" is longer than " + MAX_NAME + " characters.");
        } else {
          name = s.value();
          String first = names.putIfAbsent(name, at);
          if (first != null) {
            error(
                at + "/name",
                nameNode,
                "Rule name \"" + name + "\" is already used by " + first + "; names are unique.");
          }
        }
      }
      String topic = null;
      Node topicNode = r.fields().get("topic");
      if (topicNode == null) {
        error(at, r, "\"topic\" is required, e.g. \"sensors/{client_id}/#\".");
      } else if (!(topicNode instanceof Str s)) {
        error(
            at + "/topic", topicNode, "\"topic\" must be a string, not " + topicNode.kind() + ".");
      } else {
        topic = s.value();
        TopicPattern.parse(
            topic, m -> error(at + "/topic", topicNode, m), m -> warn(at + "/topic", topicNode, m));
      }
      Action action = null;
      Node actionNode = r.fields().get("action");
      if (actionNode == null) {
        error(at, r, "\"action\" is required: \"publish\", \"subscribe\" or \"all\".");
      } else {
        action = actionNode instanceof Str s ? Action.fromCode(s.value()) : null;
        if (action == null) {
          error(
              at + "/action",
              actionNode,
              "\"action\" must be \"publish\", \"subscribe\" or \"all\".");
        }
      }
      Effect effect = null;
      Node effectNode = r.fields().get("effect");
      if (effectNode == null) {
        error(at, r, "\"effect\" is required: \"allow\" or \"deny\".");
      } else {
        effect = effectNode instanceof Str s ? Effect.fromCode(s.value()) : null;
        if (effect == null) {
          error(at + "/effect", effectNode, "\"effect\" must be \"allow\" or \"deny\".");
        }
      }
      int priority = 0;
      Node prio = r.fields().get("priority");
      if (prio != null) {
        if (prio instanceof Num n
            && n.integral()
            && n.value().abs().compareTo(BigDecimal.valueOf(MAX_PRIORITY)) <= 0) {
          priority = n.value().intValueExact();
        } else {
          error(
              at + "/priority",
              prio,
              "\"priority\" must be an integer between -"
                  + MAX_PRIORITY
                  + " and "
                  + MAX_PRIORITY
                  + "; higher priorities are evaluated first.");
        }
      }
      Set<Integer> qos = qos(r, at);
      QosMode mode = QosMode.REJECT;
      Node modeNode = r.fields().get("qos_mode");
      if (modeNode != null) {
        QosMode m = modeNode instanceof Str s ? QosMode.fromCode(s.value()) : null;
        if (m == null) {
          error(at + "/qos_mode", modeNode, "\"qos_mode\" must be \"reject\" or \"downgrade\".");
        } else {
          mode = m;
          if (!r.fields().containsKey("qos")) {
            warn(
                at + "/qos_mode",
                modeNode,
                "\"qos_mode\" has no effect without \"qos\", the levels the rule allows.");
          }
        }
      }
      Boolean retain = null;
      Node retainNode = r.fields().get("retain");
      if (retainNode != null) {
        if (retainNode instanceof Bool b) {
          retain = b.value();
          if (action == Action.SUBSCRIBE) {
            warn(
                at + "/retain",
                retainNode,
                "\"retain\" has no effect on a subscribe rule; it governs retained publishes.");
          }
        } else {
          error(at + "/retain", retainNode, "\"retain\" must be true or false.");
        }
      }
      if (effect == Effect.DENY) {
        for (String field : List.of("qos", "qos_mode", "retain")) {
          Node n = r.fields().get(field);
          if (n != null) {
            error(
                at + "/" + field,
                n,
                "\"" + field + "\" applies to allow rules only; a deny rule refuses every QoS.");
          }
        }
      }
      Conditions when = when(r, at);
      if (errorCount() > before) {
        return null;
      }
      return new Rule(index, name, topic, action, effect, priority, qos, mode, retain, when);
    }

    private Set<Integer> qos(Obj r, String at) {
      Node q = r.fields().get("qos");
      if (q == null) {
        return Set.of();
      }
      String message =
          "\"qos\" must be a non-empty array of distinct levels 0, 1 or 2, e.g. [0, 1].";
      if (!(q instanceof Arr arr) || arr.items().isEmpty()) {
        error(at + "/qos", q, message);
        return Set.of();
      }
      Set<Integer> levels = new TreeSet<>();
      for (int i = 0; i < arr.items().size(); i++) {
        Node item = arr.items().get(i);
        if (item instanceof Num n
            && n.integral()
            && n.value().compareTo(BigDecimal.ZERO) >= 0
            && n.value().compareTo(BigDecimal.TWO) <= 0) {
          if (!levels.add(n.value().intValue())) {
            error(at + "/qos/" + i, item, "QoS " + n.value() + " is listed twice.");
          }
        } else {
          error(at + "/qos/" + i, item, message);
        }
      }
      return levels;
    }

    private Conditions when(Obj r, String at) {
      Node w = r.fields().get("when");
      if (w == null) {
        return Conditions.NONE;
      }
      String wp = at + "/when";
      if (!(w instanceof Obj obj)) {
        error(wp, w, "\"when\" must be an object of conditions, not " + w.kind() + ".");
        return Conditions.NONE;
      }
      unknown(obj, wp, WHEN_FIELDS, "\"when\"");
      Map<String, List<String>> claims = new LinkedHashMap<>();
      Node c = obj.fields().get("claims");
      if (c != null) {
        if (!(c instanceof Obj co) || co.fields().isEmpty()) {
          error(
              wp + "/claims",
              c,
              "\"claims\" must be a non-empty object of binding name to a value or an array of"
                  + " accepted values, e.g. {\"tier\": [\"gold\", \"silver\"]}.");
        } else {
          co.fields()
              .forEach(
                  (name, v) -> {
                    String p = wp + "/claims/" + LocatedJson.escape(name);
                    if (Variables.binding(name) == null
                        && Variables.binding("claim:" + name) == null) {
                      error(p, v, "\"" + name + "\" is not a valid binding name.");
                    }
                    List<String> values = strings(v, p, "accepted values of \"" + name + "\"");
                    if (!values.isEmpty()) {
                      claims.put(name, values);
                    }
                  });
        }
      }
      List<String> roles = List.of();
      Node rolesNode = obj.fields().get("roles");
      if (rolesNode != null) {
        roles = strings(rolesNode, wp + "/roles", "\"roles\"");
      }
      String clientId = null;
      Node cid = obj.fields().get("client_id");
      if (cid != null) {
        if (!(cid instanceof Str s) || s.value().isEmpty()) {
          error(
              wp + "/client_id",
              cid,
              "\"client_id\" must be a non-empty pattern; '*' matches any run of characters and"
                  + " '?' one, e.g. \"sensor-*\" or \"{user_id}-*\".");
        } else if (s.value().indexOf('{') >= 0 || s.value().indexOf('}') >= 0) {
          if (TopicPattern.template(s.value(), m -> error(wp + "/client_id", cid, m)) != null) {
            clientId = s.value();
          }
        } else {
          clientId = s.value();
        }
      }
      List<Cidr> cidrs = new ArrayList<>();
      Node cidrNode = obj.fields().get("source_cidrs");
      if (cidrNode != null) {
        List<String> texts = strings(cidrNode, wp + "/source_cidrs", "\"source_cidrs\"");
        Arr arr = cidrNode instanceof Arr a ? a : null;
        for (int i = 0; i < texts.size(); i++) {
          Node item = arr != null ? arr.items().get(i) : cidrNode;
          try {
            cidrs.add(Cidr.parse(texts.get(i)));
          } catch (IllegalArgumentException e) {
            error(
                wp + "/source_cidrs" + (arr != null ? "/" + i : ""),
                item,
                e.getMessage() + "; write a network such as \"10.0.0.0/8\" or \"2001:db8::/32\".");
          }
        }
      }
      Set<Integer> versions = new LinkedHashSet<>();
      Node vNode = obj.fields().get("mqtt_versions");
      if (vNode != null) {
        List<String> texts = strings(vNode, wp + "/mqtt_versions", "\"mqtt_versions\"");
        Arr arr = vNode instanceof Arr a ? a : null;
        for (int i = 0; i < texts.size(); i++) {
          int level = protocolLevel(texts.get(i));
          if (level == 0) {
            error(
                wp + "/mqtt_versions" + (arr != null ? "/" + i : ""),
                arr != null ? arr.items().get(i) : vNode,
                "\""
                    + texts.get(i)
                    + "\" is not an MQTT version; use \"3.1\", \"3.1.1\" or \"5.0\".");
          } else {
            versions.add(level);
          }
        }
      }
      return new Conditions(claims, roles, clientId, cidrs, versions);
    }

    /** A string or a non-empty array of non-empty strings. */
    private List<String> strings(Node v, String pointer, String what) {
      if (v instanceof Str s && !s.value().isEmpty()) {
        return List.of(s.value());
      }
      if (v instanceof Arr arr && !arr.items().isEmpty()) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < arr.items().size(); i++) {
          Node item = arr.items().get(i);
          if (item instanceof Str s && !s.value().isEmpty()) {
            out.add(s.value());
          } else {
            error(pointer + "/" + i, item, what + " must be non-empty strings.");
          }
        }
        return out;
      }
      error(pointer, v, what + " must be a non-empty string or a non-empty array of strings.");
      return List.of();
    }

    private int errorCount() {
      return (int) problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
    }

    /**
     * Warnings that need the whole rule list: shadowed rules and publish allows on '#'. Earlier
     * rules without conditions are indexed by action in tries, so finding one that covers a later
     * rule is a walk, not a scan: 10,000 rules validate in well under a second.
     */
    private void crossChecks(List<Rule> rules, Arr arr) {
      List<CompiledPolicy.CompiledRule> ordered = CompiledPolicy.order(rules);
      Map<Action, Trie> earlier = new EnumMap<>(Action.class);
      for (Action a : Action.values()) {
        earlier.put(a, new Trie());
      }
      for (CompiledPolicy.CompiledRule later : ordered) {
        Rule rule = later.rule();
        Node at = arr.items().get(rule.index());
        if (rule.effect() == Effect.ALLOW
            && rule.action() != Action.SUBSCRIBE
            && rule.when().isEmpty()
            && later.pattern().coversEverything()) {
          warn(
              rule.pointer() + "/topic",
              ((Obj) at).fields().get("topic"),
              "This rule lets every client publish to every topic of the organization ('"
                  + rule.topic()
                  + "'); prefer rules scoped to what each identity needs.");
        }
        String[] levels = CompiledPolicy.texts(later.pattern());
        int shadow = earlier.get(Action.ALL).firstCovering(levels);
        if (rule.action() != Action.ALL) {
          shadow = Math.min(shadow, earlier.get(rule.action()).firstCovering(levels));
        }
        if (shadow != Trie.NONE) {
          warn(
              rule.pointer(),
              at,
              "Rule "
                  + rule.label()
                  + " can never decide: rule "
                  + ordered.get(shadow).rule().label()
                  + " is evaluated first and matches every "
                  + (rule.action() == Action.ALL ? "publish and subscribe" : rule.action().code())
                  + " this one does.");
        }
        if (rule.when().isEmpty()) {
          earlier.get(rule.action()).add(levels, later.rank());
        }
      }
    }
  }

  /** The canonical, pretty-printed JSON of {@code policy}; {@link #parse} reads it back equal. */
  public static String write(Policy policy) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("version", policy.version());
      g.writeStringField("default_action", policy.defaultAction().code());
      g.writeArrayFieldStart("rules");
      for (Rule r : policy.rules()) {
        writeRule(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString() + "\n";
  }

  /** Writes one rule as it appears in a document. */
  static void writeRule(JsonGenerator g, Rule r) throws IOException {
    g.writeStartObject();
    if (r.name() != null) {
      g.writeStringField("name", r.name());
    }
    g.writeStringField("topic", r.topic());
    g.writeStringField("action", r.action().code());
    g.writeStringField("effect", r.effect().code());
    if (r.priority() != 0) {
      g.writeNumberField("priority", r.priority());
    }
    if (!r.qos().isEmpty()) {
      g.writeArrayFieldStart("qos");
      for (int q : new TreeSet<>(r.qos())) {
        g.writeNumber(q);
      }
      g.writeEndArray();
      if (r.qosMode() == QosMode.DOWNGRADE) {
        g.writeStringField("qos_mode", r.qosMode().code());
      }
    }
    if (r.retain() != null) {
      g.writeBooleanField("retain", r.retain());
    }
    Conditions w = r.when();
    if (!w.isEmpty()) {
      g.writeObjectFieldStart("when");
      if (!w.claims().isEmpty()) {
        g.writeObjectFieldStart("claims");
        for (Map.Entry<String, List<String>> c : new java.util.TreeMap<>(w.claims()).entrySet()) {
          g.writeFieldName(c.getKey());
          strings(g, c.getValue());
        }
        g.writeEndObject();
      }
      if (!w.roles().isEmpty()) {
        g.writeFieldName("roles");
        strings(g, w.roles());
      }
      if (w.clientId() != null) {
        g.writeStringField("client_id", w.clientId());
      }
      if (!w.sourceCidrs().isEmpty()) {
        g.writeFieldName("source_cidrs");
        strings(g, w.sourceCidrs().stream().map(Cidr::toString).toList());
      }
      if (!w.mqttVersions().isEmpty()) {
        g.writeFieldName("mqtt_versions");
        strings(
            g, new TreeSet<>(w.mqttVersions()).stream().map(PolicyDocument::versionName).toList());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, List<String> values) throws IOException {
    if (values.size() == 1) {
      g.writeString(values.get(0));
      return;
    }
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
