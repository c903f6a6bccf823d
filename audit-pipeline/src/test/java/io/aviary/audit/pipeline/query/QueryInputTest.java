package io.aviary.audit.pipeline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query parameters parsed at the edge, the keyset cursor and the topic-prefix range. */
class QueryInputTest {

  private static final Set<String> ALL =
      Set.of(
          "type",
          "from",
          "to",
          "client_id",
          "principal",
          "topic_prefix",
          "verdict",
          "reason",
          "limit",
          "cursor");

  @Test
  void validParametersBecomeAFilter() {
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    params.add("type", "connect");
    params.add("type", "acl_verdict");
    params.add("from", "2026-12-01T00:00:00Z");
    params.add("to", "2026-12-01T02:00:00+01:00");
    params.add("topic_prefix", "site/");
    params.add("verdict", "deny");
    QueryInput input = new QueryInput(params, ALL);
    EventFilter filter = input.filter();
    int limit = input.limit();
    input.check();
    assertThat(filter.types()).containsExactly("connect", "acl_verdict");
    assertThat(filter.to()).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
    assertThat(limit).isEqualTo(100);
  }

  @Test
  void everyProblemIsReportedWithItsPointer() {
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    params.add("type", "nope");
    params.add("from", "yesterday");
    params.add("verdict", "maybe");
    params.add("limit", "1001");
    params.add("cursor", "garbage");
    params.add("clientid", "x");
    params.add("reason", "a");
    params.add("reason", "b");
    QueryInput input = new QueryInput(params, ALL);
    input.filter();
    input.limit();
    input.cursor();
    assertThatThrownBy(input::check)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e ->
                assertThat(e.problem().errors().stream().map(FieldError::pointer))
                    .containsExactlyInAnyOrder(
                        "/query/clientid",
                        "/query/reason",
                        "/query/type",
                        "/query/from",
                        "/query/verdict",
                        "/query/limit",
                        "/query/cursor"));
  }

  @Test
  void toMustBeAfterFrom() {
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    params.add("from", "2026-12-01T00:00:00Z");
    params.add("to", "2026-12-01T00:00:00Z");
    QueryInput input = new QueryInput(params, ALL);
    input.filter();
    assertThatThrownBy(input::check)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.problem().errors().get(0).pointer()).isEqualTo("/query/to"));
  }

  @Test
  void cursorsRoundTripAtMicrosecondPrecision() {
    Cursor cursor = new Cursor(Instant.parse("2026-12-01T10:15:30.123456Z"), UUID.randomUUID());
    assertThat(Cursor.decode(cursor.encode())).contains(cursor);
    assertThat(Cursor.decode("djE6eDp5")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"site/, site0", "a, b", "ab\uFFFF, ab\uD800\uDC00", "x\uD7FF, x\uE000"})
  void theTopicRangeEndsAtThePrefixsSuccessor(String prefix, String successor) {
    assertThat(Where.successor(prefix)).isEqualTo(successor);
  }

  @Test
  void theTailFilterMatchesInMemoryAsTheQueryDoes() {
    EventFilter filter =
        new EventFilter(List.of("acl_verdict"), null, null, "c1", null, "site/", "deny", null);
    assertThat(filter.matches("acl_verdict", "c1", "p", "site/a", "deny", "default")).isTrue();
    assertThat(filter.matches("acl_verdict", "c1", "p", "other/a", "deny", "default")).isFalse();
    assertThat(filter.matches("acl_verdict", "c2", "p", "site/a", "deny", "default")).isFalse();
    assertThat(filter.matches("connect", "c1", "p", null, null, null)).isFalse();
    assertThat(EventFilter.ALL.matches("connect", null, null, null, null, null)).isTrue();
  }

  @Test
  void statisticsDefaultToTheLast24HoursInHourBuckets() {
    Instant now = Instant.parse("2026-12-01T10:15:30.5Z");
    QueryInput input = new QueryInput(new MultivaluedHashMap<>(), QueryInput.STATS);
    StatsWindow window = input.window(input.filter(), now);
    input.check();
    assertThat(window.from()).isEqualTo(Instant.parse("2026-11-30T10:15:30.5Z"));
    assertThat(window.to()).isEqualTo(now);
    assertThat(window.bucket()).isEqualTo(Bucket.HOUR);
    assertThat(window.count()).isEqualTo(25);
    assertThat(window.starts())
        .hasSize(25)
        .startsWith(Instant.parse("2026-11-30T10:00:00Z"))
        .endsWith(Instant.parse("2026-12-01T10:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "2026-12-01T00:00:00Z, 2026-12-01T01:00:00Z, 1h, 1",
    "2026-12-01T00:00:00Z, 2026-12-01T01:00:00.000001Z, 1h, 2",
    "2026-12-01T00:59:59Z, 2026-12-01T01:00:01Z, 1h, 2",
    "2026-12-01T00:07:00Z, 2026-12-01T00:08:00Z, 15m, 1",
    "2026-12-01T23:00:00Z, 2026-12-02T01:00:00Z, 1d, 2",
    "2026-12-01T00:00:00Z, 2026-12-01T08:20:00Z, 1m, 500",
  })
  void bucketsAreAlignedOnTheEpochAndCountedWithoutListingThem(
      String from, String to, String bucket, long count) {
    StatsWindow window =
        new StatsWindow(Instant.parse(from), Instant.parse(to), Bucket.of(bucket).orElseThrow());
    assertThat(window.count()).isEqualTo(count).isEqualTo(window.starts().size());
    assertThat(window.starts()).allSatisfy(s -> assertThat(s.getEpochSecond() % 60).isZero());
  }

  @Test
  void statisticsRefuseAnUnknownBucketTooManyBucketsAndAFutureStart() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
    params.add("bucket", "1w");
    params.add("verdict", "deny");
    assertThat(pointers(params, now)).containsExactlyInAnyOrder("/query/bucket", "/query/verdict");

    params = new MultivaluedHashMap<>();
    params.add("bucket", "1m");
    params.add("from", "2026-12-01T00:00:00Z");
    params.add("to", "2026-12-01T08:20:01Z");
    assertThat(pointers(params, now)).containsExactly("/query/bucket");

    params = new MultivaluedHashMap<>();
    params.add("from", "2026-12-01T11:00:00Z");
    assertThat(pointers(params, now)).containsExactly("/query/from");
  }

  private static List<String> pointers(MultivaluedHashMap<String, String> params, Instant now) {
    QueryInput input = new QueryInput(params, QueryInput.STATS);
    input.window(input.filter(), now);
    try {
      input.check();
      return List.of();
    } catch (ProblemException e) {
      return e.problem().errors().stream().map(FieldError::pointer).toList();
    }
  }
}
