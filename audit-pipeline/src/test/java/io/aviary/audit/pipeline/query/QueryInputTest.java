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
}
