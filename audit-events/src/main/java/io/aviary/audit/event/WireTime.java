package io.aviary.audit.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code time} field: RFC 3339 in UTC ({@code Z}) with milli- or microsecond precision. */
final class WireTime {

  private static final Pattern SHAPE =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.([0-9]{3}|[0-9]{6})Z");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private WireTime() {}

  /** Milliseconds when they say it all, so most events carry the shorter form. */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the fraction of the second matters
  static String format(Instant time) {
    return (time.getNano() % 1_000_000 == 0 ? MILLIS : MICROS).format(time);
  }

  static Optional<Instant> parse(String text) {
    if (!SHAPE.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
