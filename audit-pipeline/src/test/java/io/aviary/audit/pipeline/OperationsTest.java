package io.aviary.audit.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.kafka.KafkaClients;
import io.aviary.kafka.KafkaResource;
import io.aviary.service.testing.ChangeFeedClient;
import io.aviary.service.testing.OpenApiSnapshot;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PlatformTokens;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document of the running pipeline. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PlatformKeysResource.class)
class OperationsTest {

  @InjectKafka EmbeddedKafka kafka;

  @TestHTTPResource("/internal/v1/changes")
  URI changes;

  @ConfigProperty(name = "aviary.internal.token")
  String internalToken;

  @Test
  void readinessIncludesTheDatabaseTheConsumerAndTheTailListener() {
    await()
        .atMost(Events.WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body(
                        "checks.name",
                        hasItems(
                            "audit-ingest", "audit-tail", "Database connections health check")));
  }

  @Test
  void storedAndDeadLetteredRecordsAreCounted() {
    double written = metric("aviary_audit_events_written_total");
    double malformed = metric("aviary_audit_dead_lettered_total{reason=\"malformed\"}");
    String org = PlatformTokens.newOrg();
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(kafka, Duration.ofSeconds(30))) {
      Events.produce(
          producer,
          KafkaResource.DEFAULT_AUDIT_TOPIC,
          List.of(Events.connect(org, Instant.now(), "c1", "device:c1")));
      Events.produceRaw(producer, KafkaResource.DEFAULT_AUDIT_TOPIC, org, List.of("not json"));
    }
    await()
        .atMost(Events.WAIT)
        .until(
            () ->
                metric("aviary_audit_events_written_total") >= written + 1
                    && metric("aviary_audit_dead_lettered_total{reason=\"malformed\"}")
                        == malformed + 1);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "aviary_audit_write_seconds_count",
            "aviary_audit_consumer_lag",
            "aviary_audit_duplicates_total",
            "aviary_audit_retention_deleted_total");
  }

  @Test
  void theChangeFeedGreetsASubscriber() throws Exception {
    // service-common's change feed comes with the service; it runs on the same shared feed
    // machinery as the tail, with nothing to send here.
    try (ChangeFeedClient feed = ChangeFeedClient.subscribe(changes, internalToken, null)) {
      await().atMost(Events.WAIT).until(feed::established);
      assertThat(feed.events()).isEmpty();
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheAuditPaths() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/orgs/{org}/audit/events"))
        .body(containsString("/api/v1/orgs/{org}/audit/export"))
        .body(containsString("/api/v1/orgs/{org}/audit/tail"))
        .body(containsString("/api/v1/orgs/{org}/audit/stats"));
  }

  @Test
  void theOpenApiDocumentMatchesTheConsolesCopy() throws Exception {
    // The console's API types are generated from console/web/openapi/audit-pipeline.json.
    OpenApiSnapshot.check(
        "audit-pipeline",
        given()
            .accept(ContentType.JSON)
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  /** The value of one Prometheus sample, 0 when it is not exported yet. */
  private static double metric(String sample) {
    for (String line :
        given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }
}
