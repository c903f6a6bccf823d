package io.aviary.acl;

import java.util.Locale;

/** A rule's (or the default's) verdict. */
public enum Effect {
  ALLOW,
  DENY;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The name used in policy documents. */
  public String code() {
    return code;
  }

  /** The effect named {@code code}, or null. */
  public static Effect fromCode(String code) {
    for (Effect e : values()) {
      if (e.code().equals(code)) {
        return e;
      }
    }
    return null;
  }
}
