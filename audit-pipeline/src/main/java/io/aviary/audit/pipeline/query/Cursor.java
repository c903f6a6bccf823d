package io.aviary.audit.pipeline.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A keyset position in a listing ordered by (time desc, event id desc): the last event of a page.
 * Opaque to clients: URL-safe base64 of {@code v1:<epoch microseconds>:<event id>}.
 */
public record Cursor(Instant time, UUID eventId) {

  private static final String VERSION = "v1:";

  public String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
    String plain = VERSION + micros + ":" + eventId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code text}, or empty when it is not one this service made. */
  public static Optional<Cursor> decode(String text) {
    try {
      String plain =
          new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8);
      if (!plain.startsWith(VERSION)) {
        return Optional.empty();
      }
      String[] parts = plain.substring(VERSION.length()).split(":", 2);
      if (parts.length != 2) {
        return Optional.empty();
      }
      Instant time = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
      return Optional.of(new Cursor(time, UUID.fromString(parts[1])));
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
