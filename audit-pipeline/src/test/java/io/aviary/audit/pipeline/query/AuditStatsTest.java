package io.aviary.audit.pipeline.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditRecord.AclDecided.Action;
import io.aviary.audit.pipeline.Events;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.kafka.KafkaClients;
import io.aviary.kafka.KafkaResource;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PlatformTokens;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The refusal statistics against the running pipeline: events go through a real Kafka into a real
 * PostgreSQL and are counted per bucket by {@code GET /audit/stats}. A second organization with
 * more refusals in the same hours, and org-less auth failures, prove that counts never cross.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PlatformKeysResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditStatsTest {

  /** The start of an hour six hours ago: four hours of events follow it. */
  private final Instant h0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS);

  @InjectKafka EmbeddedKafka kafka;

  private final String orgA = PlatformTokens.newOrg();
  private final String orgB = PlatformTokens.newOrg();
  private final String tokenA = PlatformTokens.member(orgA);
  private final String tokenB = PlatformTokens.admin(orgB);
  private KafkaProducer<String, String> producer;

  @BeforeEach
  void seed() {
    if (producer != null) {
      return;
    }
    producer = KafkaClients.producer(kafka, Duration.ofSeconds(30));
    List<AuditRecord> a =
        List.of(
            // hour 0: auth failures in its first and second quarter, a denial in its third
            Events.authFailure(orgA, at(1), "sensor-3", "sensor-3@" + orgA, AuthFailure.EXPIRED),
            Events.authFailure(
                orgA, at(20), "sensor-3", "sensor-3@" + orgA, AuthFailure.BAD_SIGNATURE),
            Events.verdict(orgA, at(40), "sensor-1", "device:sensor-1", "site/a/cmd", false),
            // not refusals
            Events.verdict(orgA, at(41), "sensor-1", "device:sensor-1", "site/a/temp", true),
            Events.connect(orgA, at(42), "sensor-1", "device:sensor-1"),
            Events.subscribe(orgA, at(43), "sensor-1", "site/+/temp"),
            // hour 1: a denied subscribe and an auth failure
            Events.verdict(
                orgA, at(61), "sensor-1", "device:sensor-1", Action.SUBSCRIBE, "admin/#", false),
            Events.authFailure(orgA, at(70), "sensor-4", "sensor-4@" + orgA, AuthFailure.EXPIRED),
            // hour 2: nothing; hour 3: three denied publishes of another client, one allowed
            Events.verdict(orgA, at(181), "sensor-2", "device:sensor-2", "site/b/cmd", false),
            Events.verdict(orgA, at(182), "sensor-2", "device:sensor-2", "site/b/cmd", false),
            Events.verdict(orgA, at(183), "sensor-2", "device:sensor-2", "site/b/cmd", false),
            Events.verdict(orgA, at(184), "sensor-2", "device:sensor-2", "site/b/temp", true));
    List<AuditRecord> b = new ArrayList<>();
    for (int minute : new int[] {2, 3, 62, 185}) {
      b.add(Events.authFailure(orgB, at(minute), "sensor-3", "x@" + orgB, AuthFailure.EXPIRED));
      b.add(Events.verdict(orgB, at(minute), "sensor-2", "device:sensor-2", "site/b/c", false));
    }
    List<AuditRecord> orgless =
        List.of(
            Events.authFailure(null, at(1), "sensor-3", "sensor-3", AuthFailure.UNKNOWN_ORG),
            Events.authFailure(null, at(181), "sensor-2", "sensor-2", AuthFailure.UNKNOWN_ORG));
    Events.produce(producer, "aviary.audit.v1", a);
    Events.produce(producer, "aviary.audit.v1", b);
    Events.produce(producer, "aviary.audit.v1", orgless);
    await().atMost(Events.WAIT).until(() -> stored(orgA, tokenA) == a.size());
    await().atMost(Events.WAIT).until(() -> stored(orgB, tokenB) == b.size());
  }

  @AfterAll
  void closeProducer() {
    if (producer != null) {
      producer.close();
    }
  }

  private Instant at(int minute) {
    return h0.plus(minute, ChronoUnit.MINUTES);
  }

  @Test
  void hourlyBucketsCountAuthFailuresAndDenialsExactly() {
    JsonPath stats = stats(tokenA, orgA, Map.of("from", at(0), "to", at(240), "bucket", "1h"));
    assertThat(stats.getString("from")).isEqualTo(at(0).toString());
    assertThat(stats.getString("to")).isEqualTo(at(240).toString());
    assertThat(stats.getString("bucket")).isEqualTo("1h");
    assertThat(stats.getLong("bucket_seconds")).isEqualTo(3600);
    assertThat(starts(stats)).containsExactly(at(0), at(60), at(120), at(180));
    assertThat(stats.getList("buckets.auth_failures", Long.class)).containsExactly(2L, 1L, 0L, 0L);
    assertThat(stats.getList("buckets.denials", Long.class)).containsExactly(1L, 1L, 0L, 3L);
    assertThat(stats.getLong("totals.auth_failures")).isEqualTo(3);
    assertThat(stats.getLong("totals.denials")).isEqualTo(5);
  }

  @Test
  void narrowerBucketsSplitTheSameEvents() {
    JsonPath stats = stats(tokenA, orgA, Map.of("from", at(0), "to", at(60), "bucket", "15m"));
    assertThat(starts(stats)).containsExactly(at(0), at(15), at(30), at(45));
    assertThat(stats.getList("buckets.auth_failures", Long.class)).containsExactly(1L, 1L, 0L, 0L);
    assertThat(stats.getList("buckets.denials", Long.class)).containsExactly(0L, 0L, 1L, 0L);
  }

  @Test
  void onlyEventsInsideTheRangeCountInItsPartialBuckets() {
    JsonPath stats = stats(tokenA, orgA, Map.of("from", at(10), "to", at(65), "bucket", "1h"));
    assertThat(starts(stats)).containsExactly(at(0), at(60));
    assertThat(stats.getList("buckets.auth_failures", Long.class)).containsExactly(1L, 0L);
    assertThat(stats.getList("buckets.denials", Long.class)).containsExactly(1L, 1L);
  }

  @Test
  void theListingsFiltersNarrowBothCounts() {
    Map<String, Object> range = Map.of("from", at(0), "to", at(240));
    JsonPath sensor2 = stats(tokenA, orgA, with(range, "client_id", "sensor-2"));
    assertThat(sensor2.getLong("totals.auth_failures")).isZero();
    assertThat(sensor2.getLong("totals.denials")).isEqualTo(3);
    JsonPath expired = stats(tokenA, orgA, with(range, "reason", "expired"));
    assertThat(expired.getLong("totals.auth_failures")).isEqualTo(2);
    assertThat(expired.getLong("totals.denials")).isZero();
    JsonPath admin = stats(tokenA, orgA, with(range, "topic_prefix", "admin/"));
    assertThat(admin.getList("buckets.denials", Long.class)).containsExactly(0L, 1L, 0L, 0L);
    assertThat(admin.getLong("totals.auth_failures")).isZero();
    JsonPath user = stats(tokenA, orgA, with(range, "principal", "sensor-4@" + orgA));
    assertThat(user.getList("buckets.auth_failures", Long.class)).containsExactly(0L, 1L, 0L, 0L);
  }

  @Test
  void withoutParametersTheLast24HoursAreCountedHourly() {
    JsonPath stats = stats(tokenA, orgA, Map.of());
    Instant from = Instant.parse(stats.getString("from"));
    Instant to = Instant.parse(stats.getString("to"));
    assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(24));
    assertThat(stats.getString("bucket")).isEqualTo("1h");
    List<Instant> starts = starts(stats);
    assertThat(starts.getFirst()).isEqualTo(from.truncatedTo(ChronoUnit.HOURS));
    assertThat(starts.getLast()).isEqualTo(to.minusNanos(1).truncatedTo(ChronoUnit.HOURS));
    assertThat(stats.getLong("totals.auth_failures")).isEqualTo(3);
    assertThat(stats.getLong("totals.denials")).isEqualTo(5);
  }

  @Test
  void eachOrganizationCountsItsOwnRefusalsOnly() {
    JsonPath b = stats(tokenB, orgB, Map.of("from", at(0), "to", at(240)));
    assertThat(b.getList("buckets.auth_failures", Long.class)).containsExactly(2L, 1L, 0L, 1L);
    assertThat(b.getList("buckets.denials", Long.class)).containsExactly(2L, 1L, 0L, 1L);
    as(tokenA)
        .get(path(orgB))
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:forbidden"));
    given().get(path(orgA)).then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void badParametersAreA400PointingAtEachOne() {
    bad(Map.of("bucket", "2m"), "/query/bucket");
    bad(Map.of("from", "yesterday"), "/query/from");
    bad(Map.of("from", at(60), "to", at(0)), "/query/to");
    // 1441 one-minute buckets in the default 24 hours
    bad(Map.of("bucket", "1m"), "/query/bucket");
    bad(Map.of("from", Instant.now().plus(1, ChronoUnit.HOURS)), "/query/from");
    bad(Map.of("type", "auth_failure"), "/query/type");
    bad(Map.of("verdict", "deny"), "/query/verdict");
    as(tokenA)
        .queryParam("bucket", "1w")
        .queryParam("limit", "5")
        .get(path(orgA))
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItem("/query/bucket"))
        .body("errors.pointer", hasItem("/query/limit"));
    // 500 buckets is the most one answer holds
    as(tokenA)
        .queryParam("from", at(0).toString())
        .queryParam("to", at(500).toString())
        .queryParam("bucket", "1m")
        .get(path(orgA))
        .then()
        .statusCode(200);
    bad(Map.of("from", at(0), "to", at(501), "bucket", "1m"), "/query/bucket");
  }

  private void bad(Map<String, Object> query, String pointer) {
    as(tokenA)
        .queryParams(text(query))
        .get(path(orgA))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:validation_failed"))
        .body("errors.pointer", hasItem(pointer));
  }

  private static JsonPath stats(String token, String org, Map<String, Object> query) {
    return as(token)
        .queryParams(text(query))
        .get(path(org))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The values as text: RestAssured would send an Instant as epoch seconds. */
  private static Map<String, String> text(Map<String, Object> query) {
    Map<String, String> out = new HashMap<>();
    query.forEach((name, value) -> out.put(name, value.toString()));
    return out;
  }

  private static List<Instant> starts(JsonPath stats) {
    return stats.getList("buckets.start", String.class).stream().map(Instant::parse).toList();
  }

  private static Map<String, Object> with(Map<String, Object> base, String name, String value) {
    Map<String, Object> all = new HashMap<>(base);
    all.put(name, value);
    return all;
  }

  /** How many events the organization has stored, all types. */
  private static int stored(String org, String token) {
    return as(token)
        .get("/api/v1/orgs/" + org + "/audit/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("events")
        .size();
  }

  private static String path(String org) {
    return "/api/v1/orgs/" + org + "/audit/stats";
  }

  private static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
  }
}
