package io.aviary.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The broker change feed: server-sent events woken by LISTEN/NOTIFY, resumable by seq. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ChangeFeedTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

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
    try (Subscription live = subscribe("", null)) {
      // Wait until the subscription is established (the greeting comment arrived), then
      // change something: the event must come from the live path.
      await().atMost(DEADLINE).until(() -> live.lines.stream().anyMatch(l -> l.startsWith(":")));
      TestApi.as(org.token()).delete(idps + "/" + id).then().statusCode(204);
      Event removed =
          await()
              .atMost(DEADLINE)
              .until(() -> live.find(org.orgId(), "idp_removed"), Optional::isPresent)
              .orElseThrow();
      assertThat(removed.data().get("seq").asLong()).isEqualTo(removed.id());
      assertThat(removed.data().get("created_at").asText()).isNotBlank();
      deletedSeq = removed.id();
      // Plain SSE: only comments, id and data lines (and retry in the greeting).
      assertThat(live.lines)
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
    try (Subscription replay = subscribe("?after=0", null)) {
      await()
          .atMost(DEADLINE)
          .until(() -> replay.find(org.orgId(), "idp_removed"), Optional::isPresent);
      List<String> kinds =
          replay.events().stream()
              .filter(e -> e.data().get("org_id").asText().equals(org.orgId()))
              .map(e -> e.data().get("kind").asText())
              .toList();
      assertThat(kinds).containsExactly("org_changed", "idp_changed", "idp_removed");
      List<Long> ids = replay.events().stream().map(Event::id).toList();
      assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    // Last-Event-ID wins over ?after, so an EventSource reconnect resumes where it stopped.
    try (Subscription resumed = subscribe("?after=0", Long.toString(deletedSeq - 1))) {
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

  private Subscription subscribe(String query, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(changes + query))
            .header("Authorization", "Bearer " + TestApi.INTERNAL_TOKEN)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> response =
        client
            .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
            .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    Subscription s = new Subscription(client, response.body());
    Thread reader = new Thread(() -> response.body().forEach(s.lines::add), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return s;
  }

  private record Event(long id, JsonNode data) {}

  private static final class Subscription implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpClient client;
    private final Stream<String> body;

    Subscription(HttpClient client, Stream<String> body) {
      this.client = client;
      this.body = body;
    }

    List<Event> events() throws IOException {
      List<Event> out = new ArrayList<>();
      Long id = null;
      StringBuilder data = new StringBuilder();
      for (String line : lines) {
        if (line.isEmpty()) {
          if (id != null && data.length() > 0) {
            out.add(new Event(id, JSON.readTree(data.toString())));
          }
          id = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = Long.parseLong(line.substring(3).strip());
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
      return out;
    }

    Optional<Event> find(String orgId, String kind) throws IOException {
      return events().stream()
          .filter(e -> e.data().get("org_id").asText().equals(orgId))
          .filter(e -> e.data().get("kind").asText().equals(kind))
          .findFirst();
    }

    @Override
    public void close() {
      body.close();
      client.close();
    }
  }
}
