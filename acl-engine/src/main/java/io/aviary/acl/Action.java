package io.aviary.acl;

import java.util.Locale;

/** What a rule governs. {@link #ALL} covers both publishing and subscribing. */
public enum Action {
  PUBLISH,
  SUBSCRIBE,
  ALL;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The name used in policy documents. */
  public String code() {
    return code;
  }

  /** Whether a rule with this action governs {@code action} (PUBLISH or SUBSCRIBE). */
  public boolean covers(Action action) {
    return this == ALL || this == action;
  }

  /** The action named {@code code}, or null. */
  public static Action fromCode(String code) {
    for (Action a : values()) {
      if (a.code().equals(code)) {
        return a;
      }
    }
    return null;
  }
}
