package io.aviary.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Invariants shared by the records; a record that exists is a valid event. */
final class Require {

  private Require() {}

  /**
   * The header every record has, checked in wire order ({@code event_id}, {@code org_id}, {@code
   * node_id}, {@code time}); returns the time as records hold it.
   */
  static Instant header(UUID eventId, String orgId, String nodeId, Instant time) {
    eventId(eventId);
    text(orgId, "org_id");
    text(nodeId, "node_id");
    return time(time, "time");
  }

  /** As {@link #header}, for the one event whose {@code org_id} may be null. */
  static Instant headerOfAnyOrg(UUID eventId, String orgId, String nodeId, Instant time) {
    eventId(eventId);
    textOrNull(orgId, "org_id");
    text(nodeId, "node_id");
    return time(time, "time");
  }

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
  static Instant time(Instant value, String field) {
    return present(value, field).truncatedTo(ChronoUnit.MICROS);
  }

  /** An immutable deep copy, sorted by binding name so that equal bindings write equal JSON. */
  static Map<String, List<String>> bindings(Map<String, List<String>> value) {
    Map<String, List<String>> copy = new TreeMap<>();
    present(value, "bindings").forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }
}
