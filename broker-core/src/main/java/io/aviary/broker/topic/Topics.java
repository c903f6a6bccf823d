package io.aviary.broker.topic;

import java.nio.charset.StandardCharsets;

/** Shared checks for topic names and filters [MQTT-4.7.3-1..3], [MQTT-1.5.4-2]. */
final class Topics {
  /** Longest UTF-8 encoded string MQTT can carry [MQTT-1.5.4]. */
  static final int MAX_BYTES = 65_535;

  private Topics() {}

  static void checkCharacters(String value, String what) {
    if (value.isEmpty()) {
      throw new InvalidTopicException(what + " must not be empty");
    }
    // Cheap bound first: a UTF-16 unit encodes to at most 3 bytes.
    if (value.length() * 3 > MAX_BYTES
        && value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new InvalidTopicException(what + " is longer than 65535 bytes");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        throw new InvalidTopicException(what + " contains the null character U+0000");
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
        if (!paired) {
          throw new InvalidTopicException(what + " contains an unpaired surrogate");
        }
        i++;
      }
    }
  }

  static String[] split(String value) {
    int count = 1;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '/') {
        count++;
      }
    }
    String[] levels = new String[count];
    int start = 0;
    int level = 0;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '/') {
        levels[level++] = value.substring(start, i);
        start = i + 1;
      }
    }
    levels[level] = value.substring(start);
    return levels;
  }
}
