package io.aviary.node.platform;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A platform service's internal API (tenant-api, acl-service), called with the shared internal
 * token: JSON documents and a change feed. Asynchronous; never on an event loop's time.
 */
public class InternalApiClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String service;
  private final URI base;
  private final String token;
  private final HttpClient http;

  protected InternalApiClient(String service, URI base, String token) {
    this.service = service;
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** The service's name, for logs and thread names. */
  public String service() {
    return service;
  }

  /** The base URL, for logs. */
  public URI base() {
    return base;
  }

  /**
   * The internal change feed (server-sent events), for {@link ChangeFeed}: the changes after {@code
   * after}, or with a negative value only those from now on.
   */
  URI changesUri(long after) {
    return base.resolve("internal/v1/changes" + (after < 0 ? "" : "?after=" + after));
  }

  String token() {
    return token;
  }

  HttpClient http() {
    return http;
  }

  /** GETs {@code path} (relative to the base): the JSON document, or empty on 404. */
  protected CompletableFuture<Optional<JsonObject>> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() == 404) {
                return Optional.empty();
              }
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    service + " answered " + response.statusCode() + " for " + path);
              }
              return Optional.of(new JsonObject(response.body()));
            });
  }
}
