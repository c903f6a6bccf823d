package io.aviary.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A rule's topic split into levels. Each level is {@code +}, {@code #}, a literal, or a template
 * mixing literal text and variables (e.g. {@code {user_id}} or {@code dev-{agent_id}}).
 */
final class TopicPattern {
  static final int MAX_LEVELS = 128;

  /** One level: exactly one of the kinds. */
  record Level(Kind kind, String text, List<Part> parts) {
    boolean isWildcard() {
      return kind == Kind.PLUS || kind == Kind.HASH;
    }
  }

  enum Kind {
    PLUS,
    HASH,
    LITERAL,
    TEMPLATE
  }

  /** A piece of a template level: literal text, or a variable (binding name set). */
  record Part(String literal, String variable, String binding) {}

  private final String source;
  private final Level[] levels;
  private final boolean variables;

  private TopicPattern(String source, Level[] levels, boolean variables) {
    this.source = source;
    this.levels = levels;
    this.variables = variables;
  }

  String source() {
    return source;
  }

  Level[] levels() {
    return levels;
  }

  boolean hasVariables() {
    return variables;
  }

  /** Whether the pattern matches every topic ({@code #} or {@code +/#}). */
  boolean coversEverything() {
    return levels[levels.length - 1].kind() == Kind.HASH
        && (levels.length == 1 || levels.length == 2 && levels[0].kind() == Kind.PLUS);
  }

  /**
   * Parses a rule topic, reporting each problem as a sentence to {@code problems} (errors) and
   * {@code warnings}. Returns null when there is an error.
   */
  static TopicPattern parse(String topic, Consumer<String> problems, Consumer<String> warnings) {
    if (topic.isEmpty()) {
      problems.accept("The topic is empty; a rule needs a topic filter such as 'sensors/#'.");
      return null;
    }
    if (topic.indexOf('\u0000') >= 0) {
      problems.accept("The topic contains the null character U+0000, which MQTT forbids.");
      return null;
    }
    if (topic.startsWith("$share/")) {
      problems.accept(
          "A rule's topic is the filter itself: write '"
              + topic.substring(topic.indexOf('/', 7) + 1)
              + "', not a '$share/' subscription; shared subscriptions are checked on their"
              + " filter.");
      return null;
    }
    String[] raw = topic.split("/", -1);
    if (raw.length > MAX_LEVELS) {
      problems.accept("The topic has more than " + MAX_LEVELS + " levels.");
      return null;
    }
    boolean ok = true;
    boolean vars = false;
    Level[] levels = new Level[raw.length];
    for (int i = 0; i < raw.length; i++) {
      String text = raw[i];
      if (text.equals("#")) {
        if (i != raw.length - 1) {
          problems.accept(
              "'#' must be the last level of a topic filter: '"
                  + topic
                  + "' has '#' at level "
                  + (i + 1)
                  + " of "
                  + raw.length
                  + ".");
          ok = false;
        }
        levels[i] = new Level(Kind.HASH, text, List.of());
      } else if (text.equals("+")) {
        levels[i] = new Level(Kind.PLUS, text, List.of());
      } else if (text.indexOf('#') >= 0 || text.indexOf('+') >= 0) {
        problems.accept(
            "A wildcard must occupy a whole level: level "
                + (i + 1)
                + " is '"
                + text
                + "'; use '"
                + (text.indexOf('#') >= 0 ? "#" : "+")
                + "' alone between slashes.");
        ok = false;
      } else if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
        List<Part> parts = template(text, problems);
        if (parts == null) {
          ok = false;
        } else {
          vars = true;
          levels[i] = new Level(Kind.TEMPLATE, text, parts);
        }
      } else {
        if (text.isEmpty() && i > 0) {
          warnings.accept(
              "Level "
                  + (i + 1)
                  + " of '"
                  + topic
                  + "' is empty ('//' or a trailing '/'); MQTT treats an empty level as a level of"
                  + " its own, which is rarely intended.");
        }
        levels[i] = new Level(Kind.LITERAL, text, List.of());
      }
    }
    return ok ? new TopicPattern(topic, levels, vars) : null;
  }

  /** Splits a level into literal text and variables; null after reporting a problem. */
  static List<Part> template(String text, Consumer<String> problems) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    boolean ok = true;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      int close = text.indexOf('}', i);
      if (close >= 0 && (open < 0 || close < open)) {
        problems.accept("'" + text + "' has a '}' without a matching '{'.");
        return null;
      }
      if (open < 0) {
        parts.add(new Part(text.substring(i), null, null));
        break;
      }
      if (open > i) {
        parts.add(new Part(text.substring(i, open), null, null));
      }
      if (close < 0) {
        problems.accept("'" + text + "' has a '{' that is never closed with '}'.");
        return null;
      }
      String name = text.substring(open + 1, close);
      if (name.indexOf('{') >= 0) {
        problems.accept("'" + text + "' nests '{' inside a variable.");
        return null;
      }
      String binding = Variables.binding(name);
      if (binding == null) {
        problems.accept(
            "Unknown variable {"
                + name
                + "}; use one of {"
                + String.join("}, {", Variables.BUILT_IN)
                + "} or {claim:<name>} for a mapped custom claim.");
        ok = false;
      }
      parts.add(new Part(null, name, binding));
      i = close + 1;
    }
    return ok ? List.copyOf(parts) : null;
  }
}
