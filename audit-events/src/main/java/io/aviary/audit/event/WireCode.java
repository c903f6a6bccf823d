package io.aviary.audit.event;

/**
 * A closed set of values written as fixed strings, e.g. {@code "3.1.1"} or {@code "taken_over"}.
 */
public interface WireCode {

  /** The value as written on the wire. */
  String code();
}
