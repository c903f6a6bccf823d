package io.aviary.audit.pipeline.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The widths the refusal statistics count in. Buckets are aligned on the Unix epoch, so in UTC: an
 * hour bucket starts on the hour, a day bucket at midnight UTC, whatever the range asked for.
 */
public enum Bucket {
  MINUTE("1m", Duration.ofMinutes(1)),
  FIVE_MINUTES("5m", Duration.ofMinutes(5)),
  FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
  HOUR("1h", Duration.ofHours(1)),
  SIX_HOURS("6h", Duration.ofHours(6)),
  DAY("1d", Duration.ofDays(1));

  /** Every code, narrowest first, as the API names them. */
  public static final List<String> CODES = Arrays.stream(values()).map(Bucket::code).toList();

  private final String code;
  private final Duration width;

  Bucket(String code, Duration width) {
    this.code = code;
    this.width = width;
  }

  public String code() {
    return code;
  }

  public Duration width() {
    return width;
  }

  /** The bucket of this code, or empty. */
  public static Optional<Bucket> of(String code) {
    return Arrays.stream(values()).filter(b -> b.code.equals(code)).findFirst();
  }

  /** The start of the bucket that holds {@code time}. */
  public Instant floor(Instant time) {
    long seconds = width.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
  }

  /** The interval literal PostgreSQL's {@code date_bin} takes for this width. */
  String interval() {
    return width.toSeconds() + " seconds";
  }
}
