package io.aviary.audit.pipeline.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditRecord.PolicyActivated;
import io.aviary.audit.event.EventIds;
import io.aviary.audit.pipeline.Events;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.kafka.KafkaClients;
import io.aviary.kafka.KafkaResource;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PlatformTokens;
import io.aviary.service.testing.PostgresResource;
import io.aviary.service.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST API against the running pipeline: events are produced to a real Kafka, stored by the
 * ingest loop in a real PostgreSQL, and read back through the listing, exports and live tail. Two
 * organizations with look-alike events and org-less auth failures prove that nothing crosses.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PlatformKeysResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {

  /** Three hours ago, whole seconds: the seeded trails are one minute apart after it. */
  private final Instant t0 =
      Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  @InjectKafka EmbeddedKafka kafka;

  @TestHTTPResource("/")
  URL base;

  private final String orgA = PlatformTokens.newOrg();
  private final String orgB = PlatformTokens.newOrg();
  private final String tokenA = PlatformTokens.member(orgA);
  private final String tokenB = PlatformTokens.admin(orgB);
  private List<AuditRecord> a;
  private List<AuditRecord> b;
  private KafkaProducer<String, String> producer;

  /** Once per class, before the first test (RestAssured knows the port only from then on). */
  @BeforeEach
  void seed() {
    if (a != null) {
      return;
    }
    producer = KafkaClients.producer(kafka, Duration.ofSeconds(30));
    a = trail(orgA);
    b = trail(orgB);
    List<AuditRecord> orgless =
        List.of(
            Events.authFailure(null, at(2), "sensor-1", "device:sensor-1", AuthFailure.UNKNOWN_ORG),
            Events.authFailure(null, at(5), "sensor-3", "device:sensor-1", AuthFailure.EXPIRED));
    Events.produce(producer, "aviary.audit.v1", a);
    Events.produce(producer, "aviary.audit.v1", b);
    Events.produce(producer, "aviary.audit.v1", orgless);
    await().atMost(Events.WAIT).until(() -> ids(orgA, tokenA, "").size() == a.size());
    await().atMost(Events.WAIT).until(() -> ids(orgB, tokenB, "").size() == b.size());
  }

  @AfterAll
  void closeProducer() {
    if (producer != null) {
      producer.close();
    }
  }

  /**
   * The same ten events for any organization: a connect, verdicts, a subscription, an auth failure,
   * a disconnect, a policy change and a limit, one minute apart.
   */
  private List<AuditRecord> trail(String org) {
    return List.of(
        Events.connect(org, at(1), "sensor-1", "device:sensor-1"),
        Events.verdict(org, at(2), "sensor-1", "device:sensor-1", "site/berlin/temp", true),
        Events.verdict(org, at(3), "sensor-2", "device:sensor-2", "site/paris/temp", false),
        Events.subscribe(org, at(4), "sensor-1", "site/+/temp"),
        Events.authFailure(org, at(5), "sensor-3", "sensor-3@" + org, AuthFailure.EXPIRED),
        Events.disconnect(org, at(6), "sensor-1"),
        Events.verdict(org, at(7), "sensor-1", "device:sensor-1", "site/\"x\",y", true),
        new PolicyActivated(EventIds.next(), org, "tenant-api-0", at(8), "user:ana@example.com", 2),
        Events.verdict(org, at(9), "sensor-2", "device:sensor-2", "site/berlin/humidity", true),
        new AuditRecord.LimitExceeded(
            EventIds.next(),
            org,
            "broker-1",
            at(10),
            "sensor-2",
            AuditRecord.LimitExceeded.Limit.QUEUE,
            "queue of 1000 messages full"));
  }

  private Instant at(int minute) {
    return t0.plus(minute, ChronoUnit.MINUTES);
  }

  @Test
  void eachFilterSelectsExactlyItsEvents() {
    assertThat(ids(orgA, tokenA, "type=acl_verdict")).containsExactly(a(9, 7, 3, 2));
    assertThat(ids(orgA, tokenA, "type=acl_verdict&type=connect"))
        .containsExactly(a(9, 7, 3, 2, 1));
    assertThat(ids(orgA, tokenA, "from=" + at(3) + "&to=" + at(6))).containsExactly(a(5, 4, 3));
    assertThat(ids(orgA, tokenA, "client_id=sensor-2")).containsExactly(a(10, 9, 3));
    assertThat(ids(orgA, tokenA, "principal=device:sensor-1")).containsExactly(a(7, 4, 2, 1));
    assertThat(ids(orgA, tokenA, "topic_prefix=site/berlin/")).containsExactly(a(9, 2));
    assertThat(ids(orgA, tokenA, "topic_prefix=site/")).containsExactly(a(9, 7, 4, 3, 2));
    assertThat(ids(orgA, tokenA, "verdict=deny")).containsExactly(a(3));
    assertThat(ids(orgA, tokenA, "reason=expired")).containsExactly(a(5));
    assertThat(ids(orgA, tokenA, "type=acl_verdict&verdict=allow&client_id=sensor-1"))
        .containsExactly(a(7, 2));
    assertThat(ids(orgA, tokenA, "principal=user:ana@example.com")).containsExactly(a(8));
  }

  @Test
  void eventsComeBackExactlyAsTheyWentOnTheWire() {
    String body = as(tokenA).get(path(orgA, "events")).then().statusCode(200).extract().asString();
    for (AuditRecord r : a) {
      assertThat(body).contains(Events.json(r));
    }
    // The architecture's path for the listing answers the same.
    assertThat(
            as(tokenA)
                .get("/api/v1/orgs/" + orgA + "/audit")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .isEqualTo(body);
  }

  @Test
  void theCursorWalksEveryEventExactlyOnce() {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page =
          as(tokenA)
              .queryParam("limit", 3)
              .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
              .get(path(orgA, "events"));
      page.then().statusCode(200);
      JsonPath json = page.jsonPath();
      seen.addAll(json.getList("events.event_id"));
      cursor = json.getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(4);
    assertThat(seen).containsExactly(a(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
  }

  @Test
  void ndjsonExportHasOneWireEventPerLineOldestFirst() {
    String body =
        as(tokenA)
            .queryParam("format", "ndjson")
            .get(path(orgA, "export"))
            .then()
            .statusCode(200)
            .header("Content-Type", startsWith("application/x-ndjson"))
            .extract()
            .asString();
    assertThat(body.split("\n"))
        .containsExactly(a.stream().map(Events::json).toArray(String[]::new));
    String verdicts =
        as(tokenA).queryParam("type", "acl_verdict").get(path(orgA, "export")).asString();
    assertThat(verdicts.lines()).hasSize(4);
  }

  @Test
  void csvExportHasTheCommonColumnsQuotedCorrectly() throws Exception {
    String body =
        as(tokenA)
            .queryParam("format", "csv")
            .get(path(orgA, "export"))
            .then()
            .statusCode(200)
            .header("Content-Type", startsWith("text/csv"))
            .extract()
            .asString();
    assertThat(body.lines().findFirst().orElseThrow())
        .isEqualTo(String.join(",", EventQueries.COLUMNS));
    assertThat(body).contains("\"site/\"\"x\"\",y\"");
    CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(body)) {
      it.forEachRemaining(r -> rows.add(Arrays.asList(r)));
    }
    assertThat(rows).hasSize(a.size() + 1);
    List<String> quoted = rows.get(7);
    assertThat(quoted.get(0)).isEqualTo(a.get(6).eventId().toString());
    assertThat(quoted.get(1)).isEqualTo(a.get(6).time().toString());
    assertThat(quoted.subList(2, 11))
        .containsExactly(
            "acl_verdict",
            orgA,
            "broker-1",
            "sensor-1",
            "device:sensor-1",
            "site/\"x\",y",
            "publish",
            "allow",
            "rule");
  }

  @Test
  void csvCellsThatASpreadsheetWouldEvaluateAreExportedAsTextNdjsonVerbatim() throws Exception {
    String org = PlatformTokens.newOrg();
    String token = PlatformTokens.member(org);
    String formula = "=HYPERLINK(\"http://attacker.example/\",\"x\")";
    AuditRecord planted =
        Events.verdict(org, Instant.now(), "@sensor", "device:sensor", formula, true);
    Events.produce(producer, "aviary.audit.v1", List.of(planted));
    await().atMost(Events.WAIT).until(() -> ids(org, token, "").size() == 1);

    String body =
        as(token).queryParam("format", "csv").get(path(org, "export")).then().extract().asString();
    CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<String> row;
    try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(body)) {
      it.next(); // header
      row = Arrays.asList(it.next());
    }
    assertThat(row.get(EventQueries.COLUMNS.indexOf("client_id"))).isEqualTo("'@sensor");
    assertThat(row.get(EventQueries.COLUMNS.indexOf("topic"))).isEqualTo("'" + formula);
    assertThat(row.get(EventQueries.COLUMNS.indexOf("principal"))).isEqualTo("device:sensor");

    String ndjson = as(token).get(path(org, "export")).then().extract().asString();
    assertThat(ndjson.strip()).isEqualTo(Events.json(planted));
  }

  @Test
  void theTailSendsNewEventsOfItsOrganizationOnly() throws Exception {
    // Organizations of their own, so the seeded trails stay as they are for the other tests.
    String mineOrg = PlatformTokens.newOrg();
    String otherOrg = PlatformTokens.newOrg();
    String otherToken = PlatformTokens.member(otherOrg);
    try (SseStream tail =
        tail(mineOrg, "tail?type=acl_verdict", PlatformTokens.member(mineOrg), null)) {
      assertThat(tail.status()).isEqualTo(200);
      await().atMost(Events.WAIT).until(tail::established);
      AuditRecord elsewhere =
          Events.verdict(otherOrg, Instant.now(), "sensor-1", "device:sensor-1", "site/x", true);
      AuditRecord orgless =
          Events.authFailure(
              null, Instant.now(), "sensor-1", "device:sensor-1", AuthFailure.UNKNOWN_ORG);
      Events.produce(producer, "aviary.audit.v1", List.of(elsewhere, orgless));
      await()
          .atMost(Events.WAIT)
          .until(() -> ids(otherOrg, otherToken, "").contains(elsewhere.eventId().toString()));
      AuditRecord connect = Events.connect(mineOrg, Instant.now(), "sensor-9", "device:sensor-9");
      AuditRecord mine =
          Events.verdict(mineOrg, Instant.now(), "sensor-9", "device:sensor-9", "site/y", false);
      Events.produce(producer, "aviary.audit.v1", List.of(connect, mine));

      await().atMost(Events.WAIT).until(() -> !data(tail).isEmpty());
      assertThat(data(tail)).containsExactly(Events.json(mine));
    }
  }

  @Test
  void aResumedTailReplaysItsOrganizationsEventsAfterTheLastId() throws Exception {
    try (SseStream tail = tail(orgB, "tail", tokenB, "0")) {
      await().atMost(Events.WAIT).until(() -> data(tail).size() >= b.size());
      assertThat(data(tail).subList(0, b.size()))
          .containsExactlyInAnyOrderElementsOf(b.stream().map(Events::json).toList());
      assertThat(data(tail)).allSatisfy(d -> assertThat(d).contains("\"org_id\":\"" + orgB + "\""));
      List<Long> seqs =
          tail.events().stream().map(SseStream.Event::id).map(Long::parseLong).toList();
      assertThat(seqs).isSortedAccordingTo(Comparator.naturalOrder());
    }
  }

  @Test
  void anotherOrganizationsPathsAreForbidden() throws Exception {
    for (String endpoint : List.of("events", "export", "export?format=csv", "tail")) {
      as(tokenA)
          .get(path(orgB, endpoint))
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:aviary:problem:forbidden"));
    }
    try (SseStream tail = tail(orgB, "tail", tokenA, null)) {
      assertThat(tail.status()).isEqualTo(403);
    }
  }

  @Test
  void noQueryOrExportOfOneOrganizationHoldsAnotherOrOrglessEvents() {
    List<String> mine = a.stream().map(r -> r.eventId().toString()).toList();
    for (String query :
        List.of(
            "",
            "client_id=sensor-1",
            "principal=device:sensor-1",
            "type=auth_failure",
            "reason=unknown_org",
            "client_id=sensor-3")) {
      assertThat(ids(orgA, tokenA, query)).as(query).isSubsetOf(mine);
    }
    assertThat(ids(orgA, tokenA, "type=auth_failure")).containsExactly(a(5));
    assertThat(ids(orgA, tokenA, "reason=unknown_org")).isEmpty();
    String export = as(tokenA).get(path(orgA, "export")).asString();
    assertThat(export.lines())
        .allSatisfy(l -> assertThat(l).contains("\"org_id\":\"" + orgA + "\""));
    assertThat(export).doesNotContain("unknown_org");
  }

  @Test
  void aBadFilterIsA400PointingAtTheParameter() {
    as(tokenA)
        .queryParam("from", "yesterday")
        .get(path(orgA, "events"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:validation_failed"))
        .body("errors[0].pointer", equalTo("/query/from"));
    as(tokenA)
        .queryParam("limit", "0")
        .queryParam("verdict", "maybe")
        .queryParam("client", "x")
        .get(path(orgA, "events"))
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItem("/query/limit"))
        .body("errors.pointer", hasItem("/query/verdict"))
        .body("errors.pointer", hasItem("/query/client"));
    as(tokenA)
        .queryParam("format", "xml")
        .get(path(orgA, "export"))
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/query/format"));
  }

  @Test
  void withoutATokenEveryEndpointIs401() {
    for (String endpoint : List.of("events", "export", "tail")) {
      given()
          .get(path(orgA, endpoint))
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
  }

  private List<String> ids(String org, String token, String query) {
    return as(token)
        .get(path(org, "events") + (query.isEmpty() ? "" : "?" + query))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("events.event_id");
  }

  /** The ids of org A's events number {@code n} (1-based), in the order given. */
  private String[] a(int... n) {
    return IntStream.of(n).mapToObj(i -> a.get(i - 1).eventId().toString()).toArray(String[]::new);
  }

  private static String path(String org, String endpoint) {
    return "/api/v1/orgs/" + org + "/audit/" + endpoint;
  }

  private SseStream tail(String org, String endpoint, String token, String lastEventId)
      throws InterruptedException {
    URI uri = URI.create(base.toString().replaceAll("/$", "") + path(org, endpoint));
    return SseStream.open(uri, token, lastEventId, Duration.ofSeconds(30));
  }

  /** The data of every event the tail received so far. */
  private static List<String> data(SseStream tail) {
    return tail.events().stream().map(SseStream.Event::data).toList();
  }

  private static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
  }
}
