package io.aviary.audit.pipeline.retention;

import java.util.Collections;
import java.util.Map;

/**
 * How long events are kept: {@code defaultDays} for every organization (and for org-less auth
 * failures) unless {@code orgDays} names it.
 */
public record RetentionSettings(int defaultDays, Map<String, Integer> orgDays) {

  public RetentionSettings {
    if (defaultDays < 1) {
      throw new IllegalArgumentException("default retention must be at least 1 day");
    }
    orgDays = Collections.unmodifiableMap(new java.util.TreeMap<>(orgDays));
    for (int days : orgDays.values()) {
      if (days < 1) {
        throw new IllegalArgumentException("retention must be at least 1 day");
      }
    }
  }

  /** The longest retention in force: no event younger than this may be dropped with its day. */
  public int longestDays() {
    int longest = defaultDays;
    for (int days : orgDays.values()) {
      longest = Math.max(longest, days);
    }
    return longest;
  }
}
