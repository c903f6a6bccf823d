package io.aviary.identity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads the freshness lifetime a {@code Cache-Control} header grants. */
final class CacheControl {
  private CacheControl() {}

  /**
   * {@code max-age} as a duration, zero for {@code no-cache}/{@code no-store}, empty when the
   * header is absent or says nothing about freshness.
   */
  static Optional<Duration> maxAge(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Duration result = null;
    for (String directive : header.split(",")) {
      String d = directive.strip().toLowerCase(Locale.ROOT);
      if (d.equals("no-cache") || d.equals("no-store")) {
        return Optional.of(Duration.ZERO);
      }
      if (d.startsWith("max-age=")) {
        String value = d.substring("max-age=".length()).replace("\"", "");
        try {
          long seconds = Long.parseLong(value);
          result = Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException e) {
          // an unreadable max-age grants nothing; the default TTL applies
        }
      }
    }
    return Optional.ofNullable(result);
  }
}
