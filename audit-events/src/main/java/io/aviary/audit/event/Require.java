package io.aviary.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Invariants shared by the records; a record that exists is a valid event. */
final class Require {

  private Require() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  static String text(String value, String field) {
    if (present(value, field).isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return value;
  }

  /** Null, or a non-empty string. */
  static String textOrNull(String value, String field) {
    return value == null ? null : text(value, field);
  }

  static int range(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " must be from " + min + " to " + max);
    }
    return value;
  }

  static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min);
    }
    return value;
  }

  static UUID eventId(UUID value) {
    if (present(value, "event_id").version() != 7) {
      throw new IllegalArgumentException("event_id must be a UUIDv7 (see EventIds)");
    }
    return value;
  }

  /** The wire format carries at most microseconds, so records hold no finer time. */
  static Instant time(Instant value) {
    return present(value, "time").truncatedTo(ChronoUnit.MICROS);
  }

  /** An immutable deep copy, sorted by binding name so that equal bindings write equal JSON. */
  static Map<String, List<String>> bindings(Map<String, List<String>> value) {
    Map<String, List<String>> copy = new TreeMap<>();
    present(value, "bindings").forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
