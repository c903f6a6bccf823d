package io.aviary.acl;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@code client_id} condition: a glob where {@code *} matches any run of characters and {@code ?}
 * one, and variables stand for their bound values as literals (a {@code *} inside a value is just a
 * character).
 */
final class ClientIdMatcher {
  private final List<TopicPattern.Part> parts;
  private final Pattern fixed;

  private ClientIdMatcher(List<TopicPattern.Part> parts, Pattern fixed) {
    this.parts = parts;
    this.fixed = fixed;
  }

  /** A matcher for {@code glob}, or null when the rule has no client-id condition. */
  static ClientIdMatcher of(String glob) {
    if (glob == null) {
      return null;
    }
    List<TopicPattern.Part> parts = TopicPattern.template(glob, m -> {});
    if (parts == null) {
      throw new IllegalArgumentException("invalid client_id pattern " + glob);
    }
    boolean vars = parts.stream().anyMatch(p -> p.variable() != null);
    return new ClientIdMatcher(parts, vars ? null : compile(parts, b -> null));
  }

  boolean usesVariables() {
    return fixed == null;
  }

  /**
   * Whether {@code clientId} matches, with {@code value} giving each variable's binding (the first
   * value); a variable without a value makes the condition fail.
   */
  boolean matches(String clientId, Function<String, String> value) {
    if (clientId == null) {
      return false;
    }
    Pattern p = fixed != null ? fixed : compile(parts, value);
    return p != null && p.matcher(clientId).matches();
  }

  private static Pattern compile(List<TopicPattern.Part> parts, Function<String, String> value) {
    StringBuilder regex = new StringBuilder();
    for (TopicPattern.Part part : parts) {
      if (part.variable() != null) {
        String v = value.apply(part.binding());
        if (v == null) {
          return null;
        }
        regex.append(Pattern.quote(v));
      } else {
        String text = part.literal();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '*' || c == '?') {
            if (i > start) {
              regex.append(Pattern.quote(text.substring(start, i)));
            }
            regex.append(c == '*' ? ".*" : ".");
            start = i + 1;
          }
        }
        if (start < text.length()) {
          regex.append(Pattern.quote(text.substring(start)));
        }
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
