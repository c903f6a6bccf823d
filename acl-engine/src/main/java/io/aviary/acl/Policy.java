package io.aviary.acl;

import java.util.List;

/**
 * A valid ACL v2 policy: rules and the verdict when none matches. Obtain one from {@link
 * PolicyDocument#parse}, which validates, or from {@link Templates}.
 *
 * @param version the format version, always {@code "2.0"}
 * @param defaultAction the verdict when no rule matches
 * @param rules in document order; {@link Rule#index()} is the position here
 */
public record Policy(String version, Effect defaultAction, List<Rule> rules) {
  public static final String VERSION = "2.0";

  public Policy {
    rules = List.copyOf(rules);
  }
}
