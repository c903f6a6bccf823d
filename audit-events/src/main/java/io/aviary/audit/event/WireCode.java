package io.aviary.audit.event;

import java.util.Optional;

/**
 * A closed set of values written as fixed strings, e.g. {@code "3.1.1"} or {@code "taken_over"}.
 */
public interface WireCode {

  /** The value as written on the wire. */
  String code();

  /** The constant of {@code type} written as {@code code}, if any. */
  static <E extends Enum<E> & WireCode> Optional<E> parse(Class<E> type, String code) {
    for (E constant : type.getEnumConstants()) {
      if (constant.code().equals(code)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
