package io.aviary.audit.event;

import java.time.Instant;
import java.time.LocalDate;
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
  private static final int SECONDS_PER_DAY = 86_400;
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1000, 10_000, 100_000};

  private WireTime() {}

  /** Milliseconds when they say it all, so most events carry the shorter form. */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the fraction of the second matters
  static String format(Instant time) {
    int nano = time.getNano();
    boolean millis = nano % 1_000_000 == 0;
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY));
    if (day.getYear() < 0 || day.getYear() > 9999) {
      return (millis ? MILLIS : MICROS).format(time); // four-digit years only below
    }
    // By hand: the broker writes one of these per audited publish, DateTimeFormatter is slow.
    int second = (int) Math.floorMod(time.getEpochSecond(), SECONDS_PER_DAY);
    StringBuilder b = new StringBuilder(27);
    digits(b, day.getYear(), 4).append('-');
    digits(b, day.getMonthValue(), 2).append('-');
    digits(b, day.getDayOfMonth(), 2).append('T');
    digits(b, second / 3600, 2).append(':');
    digits(b, second / 60 % 60, 2).append(':');
    digits(b, second % 60, 2).append('.');
    return (millis ? digits(b, nano / 1_000_000, 3) : digits(b, nano / 1_000, 6))
        .append('Z')
        .toString();
  }

  private static StringBuilder digits(StringBuilder b, int value, int width) {
    for (int d = width - 1; d >= 0; d--) {
      b.append((char) ('0' + value / POWERS_OF_TEN[d] % 10));
    }
    return b;
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
