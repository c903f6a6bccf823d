package io.aviary.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.service.testing.ChangeFeedClient;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The broker change feed: server-sent events woken by LISTEN/NOTIFY, resumable by seq. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ChangeFeedTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @TestHTTPResource("/internal/v1/changes")
  URI changes;

  @Test
  void aDeletedIdpReachesASubscriberAndTheFeedResumes() throws Exception {
    TestApi.Org org = TestApi.signup();
    String idps = "/api/v1/orgs/" + org.orgId() + "/idps";
    String id =
        TestApi.as(org.token())
            .body(Map.of("name", "kc", "preset", "keycloak", "issuer", "https://kc.example/r/a"))
            .post(idps)
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    long deletedSeq;
    try (ChangeFeedClient live = subscribe("", null)) {
      // Wait until the subscription is established (the greeting comment arrived), then
      // change something: the event must come from the live path.
      await().atMost(DEADLINE).until(live::established);
      TestApi.as(org.token()).delete(idps + "/" + id).then().statusCode(204);
      ChangeFeedClient.Event removed =
          await()
              .atMost(DEADLINE)
              .until(() -> live.find(org.orgId(), "idp_removed"), Optional::isPresent)
              .orElseThrow();
      assertThat(removed.data().get("seq").asLong()).isEqualTo(removed.id());
      assertThat(removed.data().get("created_at").asText()).isNotBlank();
      deletedSeq = removed.id();
      // Plain SSE: only comments, id and data lines (and retry in the greeting).
      assertThat(live.lines())
          .allMatch(
              l ->
                  l.isEmpty()
                      || l.startsWith(":")
                      || l.startsWith("id:")
                      || l.startsWith("data:")
                      || l.startsWith("retry:"));
      // Live-only subscribers do not get history: the org's creation is not replayed.
      assertThat(live.find(org.orgId(), "org_changed")).isEmpty();
    }

    // Replay from the beginning includes the org's whole history, in seq order.
    try (ChangeFeedClient replay = subscribe("?after=0", null)) {
      await()
          .atMost(DEADLINE)
          .until(() -> replay.find(org.orgId(), "idp_removed"), Optional::isPresent);
      List<String> kinds =
          replay.events().stream()
              .filter(e -> e.data().get("org_id").asText().equals(org.orgId()))
              .map(e -> e.data().get("kind").asText())
              .toList();
      assertThat(kinds).containsExactly("org_changed", "idp_changed", "idp_removed");
      List<Long> ids = replay.events().stream().map(ChangeFeedClient.Event::id).toList();
      assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    // Last-Event-ID wins over ?after, so an EventSource reconnect resumes where it stopped.
    try (ChangeFeedClient resumed = subscribe("?after=0", Long.toString(deletedSeq - 1))) {
      await().atMost(DEADLINE).until(() -> !resumed.events().isEmpty());
      assertThat(resumed.events().get(0).id()).isEqualTo(deletedSeq);
    }
  }

  @Test
  void badCursorsAreProblems() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(changes + "?after=-3"))
                    .header("Authorization", "Bearer " + TestApi.INTERNAL_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
  }

  private ChangeFeedClient subscribe(String query, String lastEventId) throws Exception {
    return ChangeFeedClient.subscribe(
        URI.create(changes + query), TestApi.INTERNAL_TOKEN, lastEventId);
  }
}
