package io.aviary.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The audit tail's server-sent events and exports pass through the edge as the service writes them:
 * each event reaches the browser while the stream is still open (nothing waits for the end of the
 * response), the session cookie becomes the bearer token, {@code Last-Event-ID} reaches the
 * service, and a browser that goes away closes the service's stream too. The audit pipeline is a
 * stub in this file that writes one event when the stream opens and the next only when the test
 * asks it to, after the first has arrived: an edge that buffered would never deliver the first.
 */
@QuarkusTest
@QuarkusTestResource(value = EdgeStreamingTest.Stub.class, restrictToAnnotatedClass = true)
class EdgeStreamingTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String TAIL = "/api/v1/orgs/" + Stub.ORG + "/audit/tail";

  @TestHTTPResource("/")
  URL edge;

  @ConfigProperty(name = "aviary.console.audit-pipeline-url")
  URI stub;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void eachTailEventReachesTheBrowserWhileTheStreamIsStillOpen() throws Exception {
    String cookie = logIn();
    try (Stream tail = open(TAIL + "?type=acl_verdict", cookie, "41")) {
      assertThat(tail.response.statusCode()).isEqualTo(200);
      assertThat(tail.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
      assertThat(tail.response.headers().firstValue("Content-Length")).isEmpty();

      assertThat(tail.nextData()).isEqualTo("{\"n\":1}");
      JsonObject seen = state();
      assertThat(seen.getString("authorization")).isEqualTo("Bearer " + Stub.token());
      assertThat(seen.getString("cookie")).isNull();
      assertThat(seen.getString("last_event_id")).isEqualTo("41");
      assertThat(seen.getString("query")).isEqualTo("type=acl_verdict");

      // The stub writes the next event only now, once the first has reached the browser.
      int n = send();
      assertThat(tail.nextData()).isEqualTo("{\"n\":" + n + "}");
      assertThat(tail.lines).contains("id: " + n);
    }
  }

  @Test
  void aBrowserThatGoesAwayClosesTheServicesStream() throws Exception {
    String cookie = logIn();
    String mine = "client_id=" + UUID.randomUUID();
    Stream tail = open(TAIL + "?" + mine, cookie, null);
    assertThat(tail.nextData()).isEqualTo("{\"n\":1}");
    tail.close();
    // The stub answers once the tail with this query has closed, and never otherwise.
    HttpResponse<String> closed =
        http.send(
            HttpRequest.newBuilder(
                    stub.resolve(
                        "/stub/closed?query=" + URLEncoder.encode(mine, StandardCharsets.UTF_8)))
                .timeout(DEADLINE)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.body()).isEqualTo(mine);
  }

  @Test
  void withoutTheConsoleHeaderTheCookieOpensNoStream() throws Exception {
    String cookie = logIn();
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(edge.toURI().resolve(TAIL))
                .header("Cookie", SessionCookie.NAME + "=" + cookie)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("console_header_required");
  }

  @Test
  void anExportIsStreamedWithItsFileName() throws Exception {
    String cookie = logIn();
    HttpResponse<InputStream> export =
        http.send(
            HttpRequest.newBuilder(
                    edge.toURI().resolve("/api/v1/orgs/" + Stub.ORG + "/audit/export?format=csv"))
                .header(Edge.CONSOLE_HEADER, "1")
                .header("Cookie", SessionCookie.NAME + "=" + cookie)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"audit.csv\"");
    assertThat(export.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
    try (InputStream body = export.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("event_id,type\n1,connect\n2,acl_verdict\n");
    }
  }

  /** Logs in through the edge (tenant-api is the stub) and returns the session cookie's value. */
  private String logIn() throws Exception {
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(edge.toURI().resolve("/console/v1/session"))
                .header(Edge.CONSOLE_HEADER, "1")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"ana@example.com\",\"password\":\"correct horse battery\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(204);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(SessionCookie.NAME.length() + 1, setCookie.indexOf(';'));
  }

  /** Opens a stream as the console does: the console header, the cookie, Accept. */
  private Stream open(String path, String cookie, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(edge.toURI().resolve(path))
            .header(Edge.CONSOLE_HEADER, "1")
            .header("Cookie", SessionCookie.NAME + "=" + cookie)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new Stream(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** Asks the stub to write the next event to every open tail; the event's number. */
  private int send() throws Exception {
    HttpResponse<String> sent =
        http.send(
            HttpRequest.newBuilder(stub.resolve("/stub/send"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(sent.body()).getInteger("n");
  }

  /** What the stub saw: open and closed tails, and the headers of the last one. */
  private JsonObject state() throws Exception {
    return new JsonObject(
        http.send(
                HttpRequest.newBuilder(stub.resolve("/stub/state")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** The lines of an open event stream, read on a thread of their own as they arrive. */
  private static final class Stream implements AutoCloseable {
    final HttpResponse<InputStream> response;
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Stream(HttpResponse<InputStream> response) {
      this.response = response;
      this.reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                      for (String line = in.readLine(); line != null; line = in.readLine()) {
                        queue.add(line);
                      }
                    } catch (IOException e) {
                      // closed by the test
                    }
                  });
    }

    /** The data of the next event, waiting for it at most the deadline. */
    String nextData() throws InterruptedException {
      while (true) {
        String line = queue.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).as("an event line within " + DEADLINE).isNotNull();
        lines.add(line);
        if (line.startsWith("data: ")) {
          return line.substring("data: ".length());
        }
      }
    }

    @Override
    public void close() throws IOException {
      response.body().close();
      reader.interrupt();
    }
  }

  /**
   * tenant-api's token endpoint (one user) and an audit pipeline whose tail writes a comment and
   * event 1 at once, then event n+1 for each {@code POST /stub/send}, and never ends by itself.
   * {@code GET /stub/state} says what it saw; {@code GET /stub/closed?query=q} answers once the
   * tail opened with the query string q has been closed. The test talks to it over HTTP, not
   * through static fields, because Quarkus loads test resources and tests in different class
   * loaders.
   */
  public static class Stub implements QuarkusTestResourceLifecycleManager {
    static final String ORG = "org_streamstream";

    private Vertx vertx;
    private final List<HttpServerResponse> tails = new ArrayList<>();
    private int sent = 1;
    private final Set<String> closed = new HashSet<>();
    private final List<HttpServerRequest> closeWaiters = new ArrayList<>();
    private JsonObject last = new JsonObject();

    static String token() {
      return UpstreamStubs.token(ORG);
    }

    @Override
    public Map<String, String> start() {
      vertx = Vertx.vertx();
      int port = listen();
      Map<String, String> config = new HashMap<>();
      config.put("aviary.console.tenant-api-url", "http://127.0.0.1:" + port);
      config.put("aviary.console.acl-service-url", "http://127.0.0.1:" + port);
      config.put("aviary.console.audit-pipeline-url", "http://127.0.0.1:" + port);
      config.put("aviary.console.session-key", UpstreamStubs.SESSION_KEY);
      return config;
    }

    private int listen() {
      HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
      try {
        return server
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .actualPort();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the stub", e);
      }
    }

    // Every handler runs on the server's one event loop, so the fields need no locking.
    private void handle(HttpServerRequest request) {
      String path = request.path();
      if (path.equals("/api/v1/auth/token")) {
        UpstreamStubs.answerToken(request, token());
      } else if (path.equals(TAIL)) {
        tail(request);
      } else if (path.equals("/api/v1/orgs/" + ORG + "/audit/export")) {
        HttpServerResponse response =
            request
                .response()
                .setChunked(true)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"audit.csv\"");
        response.write("event_id,type\n");
        response.write("1,connect\n");
        response.end("2,acl_verdict\n");
      } else if (path.equals("/stub/send")) {
        sent++;
        for (HttpServerResponse tail : tails) {
          tail.write("id: " + sent + "\ndata: {\"n\":" + sent + "}\n\n");
        }
        request.response().end(new JsonObject().put("n", sent).encode());
      } else if (path.equals("/stub/closed")) {
        closeWaiters.add(request);
        answerCloseWaiters();
      } else if (path.equals("/stub/state")) {
        request
            .response()
            .end(last.copy().put("open", tails.size()).put("closed", closed.size()).encode());
      } else {
        request.response().setStatusCode(404).end();
      }
    }

    private void tail(HttpServerRequest request) {
      last =
          new JsonObject()
              .put("authorization", request.getHeader("Authorization"))
              .put("cookie", request.getHeader("Cookie"))
              .put("last_event_id", request.getHeader("Last-Event-ID"))
              .put("query", request.query());
      HttpServerResponse response =
          request
              .response()
              .setChunked(true)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-store");
      tails.add(response);
      String query = request.query();
      response.closeHandler(
          v -> {
            tails.remove(response);
            closed.add(query);
            answerCloseWaiters();
          });
      response.write(": aviary audit tail\nretry: 2000\n\n");
      response.write("id: 1\ndata: {\"n\":1}\n\n");
    }

    private void answerCloseWaiters() {
      closeWaiters.removeIf(
          waiter -> {
            String query = waiter.getParam("query");
            if (!closed.contains(query)) {
              return false;
            }
            waiter.response().end(query);
            return true;
          });
    }

    @Override
    public void stop() {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    }
  }
}
