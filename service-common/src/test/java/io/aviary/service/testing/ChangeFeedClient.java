package io.aviary.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A subscriber of a service's change feed ({@code GET /internal/v1/changes}) for tests: an {@link
 * SseStream} whose events are read as change-feed JSON, so a test awaits events with a deadline.
 */
public final class ChangeFeedClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(15);

  /** One event: its id and its data. */
  public record Event(long id, JsonNode data) {}

  private final SseStream stream;

  private ChangeFeedClient(SseStream stream) {
    this.stream = stream;
  }

  /**
   * Subscribes with the internal token; fails unless the response is a 200 event stream.
   *
   * @param feed the feed URL, with any query
   * @param lastEventId the {@code Last-Event-ID} header, or null
   */
  public static ChangeFeedClient subscribe(URI feed, String internalToken, String lastEventId)
      throws InterruptedException {
    SseStream stream = SseStream.open(feed, internalToken, lastEventId, CONNECT_DEADLINE);
    if (stream.status() != 200 || !stream.contentType().startsWith("text/event-stream")) {
      stream.close();
      throw new IllegalStateException(
          "Subscribing to " + feed + " answered " + stream.status() + " " + stream.contentType());
    }
    return new ChangeFeedClient(stream);
  }

  /** Every line received so far. */
  public List<String> lines() {
    return stream.lines();
  }

  /** Whether the greeting comment arrived: from then on no committed change is missed. */
  public boolean established() {
    return stream.established();
  }

  /** Every complete event received so far, in order. */
  public List<Event> events() {
    return stream.events().stream()
        .filter(e -> e.id() != null)
        .map(e -> new Event(Long.parseLong(e.id()), read(e.data())))
        .toList();
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
    stream.close();
  }
}
