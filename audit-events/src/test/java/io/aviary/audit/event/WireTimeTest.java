package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireTimeTest {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999Z",
        "2000-02-29T12:34:56.007Z",
        "2026-12-01T21:30:00.000001Z",
        "9999-12-31T23:59:59.999Z",
        "0001-01-01T00:00:00.5Z"
      })
  void formatsTheEdgesLikeTheReferenceFormatterAndParsesBack(String text) {
    Instant time = Instant.parse(text);
    String wire = WireTime.format(time);
    assertThat(wire).isEqualTo(reference(time));
    assertThat(WireTime.parse(wire)).contains(time);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void agreesWithTheReferenceFormatterOnRandomInstants(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 10_000; i++) {
      Instant time =
          Instant.ofEpochSecond(
                  random.nextLong(-62_135_596_800L, 253_402_300_799L),
                  random.nextInt(1_000_000_000))
              .truncatedTo(random.nextBoolean() ? ChronoUnit.MILLIS : ChronoUnit.MICROS);
      assertThat(WireTime.format(time)).isEqualTo(reference(time));
      // Another instant of the same second: formatted from the second remembered just now.
      Instant sameSecond =
          Instant.ofEpochSecond(time.getEpochSecond(), random.nextInt(1_000_000_000))
              .truncatedTo(random.nextBoolean() ? ChronoUnit.MILLIS : ChronoUnit.MICROS);
      assertThat(WireTime.format(sameSecond)).isEqualTo(reference(sameSecond));
    }
  }

  private static String reference(Instant time) {
    return (time.getNano() % 1_000_000 == 0 ? MILLIS : MICROS).format(time);
  }
}
