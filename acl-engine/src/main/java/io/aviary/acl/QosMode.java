package io.aviary.acl;

import java.util.Locale;

/**
 * What an allow rule with {@code qos} does with a QoS it does not list: refuse the message or
 * subscription, or downgrade it to the highest listed level below the one asked for.
 */
public enum QosMode {
  REJECT,
  DOWNGRADE;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The name used in policy documents. */
  public String code() {
    return code;
  }

  /** The mode named {@code code}, or null. */
  public static QosMode fromCode(String code) {
    for (QosMode m : values()) {
      if (m.code().equals(code)) {
        return m;
      }
    }
    return null;
  }
}
