package io.aviary.acl.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aviary.acl.Templates;
import io.aviary.service.testing.ChangeFeedClient;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What brokers use: the active policy by internal token, and the acl_activated change feed. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(PlatformKeysResource.class)
class InternalApiTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/internal/v1/changes")
  URI changes;

  @Test
  void theInternalTokenIsRequired() {
    String path = "/internal/v1/orgs/" + TestApi.newOrg() + "/acl";
    given()
        .get(path)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:unauthorized"));
    given().header("Authorization", "Bearer not-the-token").get(path).then().statusCode(401);
    // A platform access token is not the internal token.
    TestApi.as(TestApi.admin(TestApi.newOrg())).get(path).then().statusCode(401);
    given().get("/internal/v1/changes").then().statusCode(401);
  }

  @Test
  void brokersGetTheActivePolicyBlankUntilOneIsActivated() throws Exception {
    String org = TestApi.newOrg();
    String path = "/internal/v1/orgs/" + org + "/acl";
    JsonNode blank =
        JSON.readTree(TestApi.internal().get(path).then().statusCode(200).extract().asString());
    assertThat(blank.get("org_id").asText()).isEqualTo(org);
    assertThat(blank.get("version").asInt()).isZero();
    assertThat(blank.get("policy")).isEqualTo(JSON.readTree(TestApi.template(Templates.BLANK_ID)));

    String agents = TestApi.template(Templates.AGENT_PIPELINES_ID);
    TestApi.as(TestApi.admin(org))
        .body(agents)
        .put("/api/v1/orgs/" + org + "/acl")
        .then()
        .statusCode(201);
    JsonNode active =
        JSON.readTree(TestApi.internal().get(path).then().statusCode(200).extract().asString());
    assertThat(active.get("version").asInt()).isEqualTo(1);
    assertThat(active.get("policy")).isEqualTo(JSON.readTree(agents));
  }

  @Test
  void everyActivationIsOnTheChangeFeedAndOnlyActivations() throws Exception {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String admin = TestApi.admin(org);
    try (ChangeFeedClient feed =
        ChangeFeedClient.subscribe(changes, TestApi.INTERNAL_TOKEN, null)) {
      await().atMost(DEADLINE).until(feed::established);
      TestApi.as(admin)
          .body(TestApi.template(Templates.PERMIT_ALL_ID))
          .put(acl)
          .then()
          .statusCode(201);
      ChangeFeedClient.Event activated =
          await()
              .atMost(DEADLINE)
              .until(() -> feed.find(org, "acl_activated"), Optional::isPresent)
              .orElseThrow();
      assertThat(activated.data().get("seq").asLong()).isEqualTo(activated.id());
      assertThat(activated.data().get("created_at").asText()).isNotBlank();

      // A version stored without activation is not news for brokers; a rollback is.
      TestApi.as(admin)
          .queryParam("activate", false)
          .body(TestApi.template(Templates.AGENT_PIPELINES_ID))
          .put(acl)
          .then()
          .statusCode(201);
      TestApi.as(admin).post(acl + "/versions/2/activate").then().statusCode(200);
      TestApi.as(admin).post(acl + "/versions/1/activate").then().statusCode(200);
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  feed.events().stream()
                          .filter(e -> e.data().get("org_id").asText().equals(org))
                          .count()
                      == 3);
    }

    // Replay from the beginning gives the organization's whole history, in seq order.
    try (ChangeFeedClient replay =
        ChangeFeedClient.subscribe(
            URI.create(changes + "?after=0"), TestApi.INTERNAL_TOKEN, null)) {
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  replay.events().stream()
                          .filter(e -> e.data().get("org_id").asText().equals(org))
                          .count()
                      == 3);
      List<String> kinds =
          replay.events().stream()
              .filter(e -> e.data().get("org_id").asText().equals(org))
              .map(e -> e.data().get("kind").asText())
              .toList();
      assertThat(kinds).containsOnly("acl_activated");
      assertThat(replay.events().stream().map(ChangeFeedClient.Event::id).toList()).isSorted();
    }
  }
}
