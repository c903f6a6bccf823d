package io.aviary.audit.event;

import java.nio.charset.StandardCharsets;
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

  /**
   * The date and time up to the second's dot, of the second last formatted: events come in bursts
   * within one second, which then cost only their fraction. Immutable, so a thread that sees a
   * stale or another thread's one merely formats again.
   */
  private record Second(long epochSecond, byte[] prefix) {}

  private static Second last = new Second(Long.MIN_VALUE, new byte[0]);

  /** Milliseconds when they say it all, so most events carry the shorter form. */
  static String format(Instant time) {
    JsonOut out = new JsonOut(40, false);
    write(time, out);
    byte[] quoted = out.toByteArray();
    return new String(quoted, 1, quoted.length - 2, StandardCharsets.US_ASCII);
  }

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in epoch seconds. */
  private static final long FIRST_SECOND = -62_167_219_200L;

  private static final long LAST_SECOND = 253_402_300_799L;

  /**
   * Whether {@code time} falls in a year of four digits, the only ones the schema's {@code time}
   * has; others are written in Java's form, which readers refuse.
   */
  static boolean fourDigitYear(Instant time) {
    return time.getEpochSecond() >= FIRST_SECOND && time.getEpochSecond() <= LAST_SECOND;
  }

  /** Writes {@code time} as a JSON string, as {@link #format} has it. */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the fraction of the second matters
  static void write(Instant time, JsonOut out) {
    int nano = time.getNano();
    boolean millis = nano % 1_000_000 == 0;
    Second second = last;
    if (second.epochSecond() != time.getEpochSecond()) {
      if (!fourDigitYear(time)) {
        out.string((millis ? MILLIS : MICROS).format(time)); // four-digit years only below
        return;
      }
      LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY));
      second = new Second(time.getEpochSecond(), prefix(day, time.getEpochSecond()));
      last = second;
    }
    // By hand: the broker writes one of these per audited publish, DateTimeFormatter is slow.
    if (millis) {
      out.dateTime(second.prefix(), nano / 1_000_000, 3);
    } else {
      out.dateTime(second.prefix(), nano / 1_000, 6);
    }
  }

  /** {@code uuuu-MM-dd'T'HH:mm:ss.} of a second of {@code day}, in ASCII. */
  private static byte[] prefix(LocalDate day, long epochSecond) {
    int second = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    byte[] text = new byte[20];
    int i = digits(text, 0, day.getYear(), 4);
    text[i++] = '-';
    i = digits(text, i, day.getMonthValue(), 2);
    text[i++] = '-';
    i = digits(text, i, day.getDayOfMonth(), 2);
    text[i++] = 'T';
    i = digits(text, i, second / 3600, 2);
    text[i++] = ':';
    i = digits(text, i, second / 60 % 60, 2);
    text[i++] = ':';
    i = digits(text, i, second % 60, 2);
    text[i] = '.';
    return text;
  }

  /** Writes {@code value} as {@code width} digits at {@code at}; returns the index after them. */
  static int digits(byte[] text, int at, int value, int width) {
    for (int d = width - 1; d >= 0; d--) {
      text[at++] = (byte) ('0' + value / POWERS_OF_TEN[d] % 10);
    }
    return at;
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
