package io.aviary.audit.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream line by line on a background thread, as a browser's EventSource
 * would, so that tests can await what arrives.
 */
public final class SseClient implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final HttpResponse<Stream<String>> response;
  private final Thread reader;

  /** Opens {@code url} with a bearer token and, when not null, a {@code Last-Event-ID}. */
  public SseClient(String url, String token, String lastEventId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    reader =
        Thread.ofPlatform()
            .daemon()
            .name("sse-test-reader")
            .start(
                () -> {
                  try (Stream<String> body = response.body()) {
                    body.forEach(lines::add);
                  } catch (UncheckedIOException e) {
                    // closed
                  }
                });
  }

  public int status() {
    return response.statusCode();
  }

  /** Every {@code data:} line so far, without the prefix. */
  public List<String> data() {
    List<String> data = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("data:")) {
        data.add(line.substring(5).strip());
      }
    }
    return data;
  }

  /** Every {@code id:} line so far, without the prefix. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("id:")) {
        ids.add(line.substring(3).strip());
      }
    }
    return ids;
  }

  /** Whether the stream's opening comment arrived (the subscription is in place). */
  public boolean opened() {
    return lines.stream().anyMatch(l -> l.startsWith(":"));
  }

  @Override
  public void close() {
    http.shutdownNow();
    reader.interrupt();
  }
}
