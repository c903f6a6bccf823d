package io.aviary.service.testing;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A server-sent event stream read as a browser's EventSource would, for tests: the body is read
 * line by line on a thread of its own and every line is kept, so a test awaits what arrives with a
 * deadline. Whatever the status, the response is kept (a 403 is a result too).
 */
public final class SseStream implements AutoCloseable {

  /** One complete event (ended by a blank line): its id, or null, and its data. */
  public record Event(String id, String data) {}

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final HttpClient client;
  private final HttpResponse<Stream<String>> response;

  private SseStream(HttpClient client, HttpResponse<Stream<String>> response) {
    this.client = client;
    this.response = response;
  }

  /**
   * Opens {@code uri} with a bearer token and, when not null, a {@code Last-Event-ID}; fails when
   * no response head arrives within {@code deadline}.
   */
  public static SseStream open(URI uri, String bearer, String lastEventId, Duration deadline)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + bearer)
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
              .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      client.shutdownNow();
      throw new IllegalStateException("Cannot open " + uri, e);
    }
    SseStream stream = new SseStream(client, response);
    Thread.ofPlatform()
        .daemon()
        .name("sse-test-reader")
        .start(
            () -> {
              try (Stream<String> body = response.body()) {
                body.forEach(stream.lines::add);
              } catch (UncheckedIOException | IllegalStateException e) {
                // closed by the test, before or while reading
              }
            });
    return stream;
  }

  public int status() {
    return response.statusCode();
  }

  /** The response's {@code Content-Type}, or empty. */
  public String contentType() {
    return response.headers().firstValue("content-type").orElse("");
  }

  /** Every line received so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Whether the greeting comment arrived: from then on the subscription is in place. */
  public boolean established() {
    return lines.stream().anyMatch(l -> l.startsWith(":"));
  }

  /** Every complete event with data received so far, in order. */
  public List<Event> events() {
    List<Event> out = new ArrayList<>();
    String id = null;
    List<String> data = new ArrayList<>();
    for (String line : lines) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          out.add(new Event(id, String.join("\n", data)));
        }
        id = null;
        data.clear();
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("data:")) {
        data.add(line.substring(5).strip());
      }
    }
    return out;
  }

  @Override
  public void close() {
    response.body().close();
    client.shutdownNow();
  }
}
