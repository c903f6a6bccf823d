package io.aviary.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A subscriber of a service's change feed ({@code GET /internal/v1/changes}) for tests: it reads
 * the server-sent events on a thread of its own and keeps every line, so a test awaits events with
 * a deadline.
 */
public final class ChangeFeedClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(15);

  /** One event: its id and its data. */
  public record Event(long id, JsonNode data) {}

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final HttpClient client;
  private final Stream<String> body;

  private ChangeFeedClient(HttpClient client, Stream<String> body) {
    this.client = client;
    this.body = body;
  }

  /**
   * Subscribes with the internal token; fails unless the response is a 200 event stream.
   *
   * @param feed the feed URL, with any query
   * @param lastEventId the {@code Last-Event-ID} header, or null
   */
  public static ChangeFeedClient subscribe(URI feed, String internalToken, String lastEventId)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(feed)
            .header("Authorization", "Bearer " + internalToken)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> response;
    try {
      response =
          client
              .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
              .get(CONNECT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      client.close();
      throw new IllegalStateException("Cannot subscribe to " + feed, e);
    }
    String type = response.headers().firstValue("content-type").orElse("");
    if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
      client.close();
      throw new IllegalStateException(
          "Subscribing to " + feed + " answered " + response.statusCode() + " " + type);
    }
    ChangeFeedClient subscription = new ChangeFeedClient(client, response.body());
    Thread reader =
        new Thread(() -> response.body().forEach(subscription.lines::add), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return subscription;
  }

  /** Every line received so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Whether the greeting comment arrived: from then on no committed change is missed. */
  public boolean established() {
    return lines.stream().anyMatch(l -> l.startsWith(":"));
  }

  /** Every complete event received so far, in order. */
  public List<Event> events() {
    List<Event> out = new ArrayList<>();
    Long id = null;
    StringBuilder data = new StringBuilder();
    for (String line : lines) {
      if (line.isEmpty()) {
        if (id != null && data.length() > 0) {
          out.add(new Event(id, read(data.toString())));
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

  /** The first event of {@code orgId} with {@code kind}, if received. */
  public Optional<Event> find(String orgId, String kind) {
    return events().stream()
        .filter(e -> e.data().get("org_id").asText().equals(orgId))
        .filter(e -> e.data().get("kind").asText().equals(kind))
        .findFirst();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    body.close();
    client.close();
  }
}
