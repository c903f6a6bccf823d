package io.aviary.acl;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The variables a rule may use: {@code {email}}, {@code {user_id}}, ... and {@code {claim:<name>}}
 * for a custom claim mapped to the binding {@code <name>}.
 */
public final class Variables {
  /** Built-in variables, by binding name. */
  public static final List<String> BUILT_IN =
      List.of(
          "email", "user_id", "agent_id", "session_id", "client_id", "username", "role", "org_id");

  private static final Set<String> KNOWN = Set.copyOf(BUILT_IN);
  private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final String CLAIM_PREFIX = "claim:";

  private Variables() {}

  /**
   * The binding a variable reads ({@code user_id} for {@code {user_id}}, {@code tier} for {@code
   * {claim:tier}}), or null when {@code name} (without braces) is not a known variable.
   */
  public static String binding(String name) {
    if (KNOWN.contains(name)) {
      return name;
    }
    if (name.startsWith(CLAIM_PREFIX)) {
      String claim = name.substring(CLAIM_PREFIX.length());
      return CLAIM_NAME.matcher(claim).matches() ? claim : null;
    }
    return null;
  }

  /**
   * Whether a bound value can stand in a topic level as a literal. A value with {@code +}, {@code
   * #}, {@code /} or NUL could never equal a level of a valid topic, so its rule does not match.
   */
  static boolean literalSafe(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '+' || c == '#' || c == '/' || c == '\u0000') {
        return false;
      }
    }
    return true;
  }
}
