package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * tenant-api's internal endpoints, called with the shared internal token: organization
 * configurations and the platform's token facts. Asynchronous; never on an event loop's time.
 */
public final class TenantApiClient implements OrgConfigSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What platform-issued MQTT credentials look like: who signs them and where their keys are. */
  public record Platform(String issuer, URI jwksUri, String mqttAudience) {}

  private final URI base;
  private final String token;
  private final HttpClient http;

  public TenantApiClient(URI base, String token) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** The base URL, for logs. */
  public URI base() {
    return base;
  }

  @Override
  public CompletionStage<Optional<OrgConfig>> fetch(OrgId org) {
    return get("internal/v1/orgs/" + org.value() + "/broker-config")
        .thenApply(body -> body.map(OrgConfigJson::parse));
  }

  /** The platform credential facts; fails when tenant-api cannot be reached. */
  public CompletionStage<Platform> platform() {
    return get("internal/v1/platform")
        .thenApply(
            body -> {
              JsonObject doc =
                  body.orElseThrow(() -> new IllegalStateException("no platform document"));
              return new Platform(
                  doc.getString("issuer"),
                  URI.create(doc.getString("jwks_uri")),
                  doc.getString("mqtt_audience", "aviary-mqtt"));
            });
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

  private CompletableFuture<Optional<JsonObject>> get(String path) {
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
                    "tenant-api answered " + response.statusCode() + " for " + path);
              }
              return Optional.of(new JsonObject(response.body()));
            });
  }
}
