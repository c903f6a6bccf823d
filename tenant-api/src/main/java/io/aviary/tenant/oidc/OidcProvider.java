package io.aviary.tenant.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aviary.identity.Fetcher;
import io.aviary.service.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * tenant-api's side of the provider: its discovery document (cached for an hour, the last good one
 * kept for a day while the provider fails) and the code exchange at its token endpoint. Requests
 * follow no redirect and are bounded in time and size; the provider's answers are read for what the
 * sign-in needs and never logged.
 */
final class OidcProvider {
  private static final Logger LOG = Logger.getLogger(OidcProvider.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FRESH = Duration.ofHours(1);
  private static final Duration STALE = Duration.ofDays(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_BODY = 512 * 1024;

  private final SignInSettings settings;
  private final Fetcher fetcher;
  private final HttpClient http;
  private final Clock clock;
  private volatile Discovered discovered;

  private record Discovered(ProviderMetadata metadata, Instant at) {}

  OidcProvider(SignInSettings settings, Clock clock) {
    this.settings = settings;
    this.fetcher = Fetcher.http(Duration.ofSeconds(5), TIMEOUT, MAX_BODY);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.clock = clock;
  }

  /** The provider's endpoints; 502 {@code oidc_provider_unavailable} when they cannot be read. */
  ProviderMetadata metadata() {
    Discovered known = discovered;
    Instant now = clock.instant();
    if (known != null && known.at().plus(FRESH).isAfter(now)) {
      return known.metadata();
    }
    try {
      Fetcher.Response response =
          fetcher.fetch(settings.discoveryUri()).get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      if (response.status() != 200) {
        throw new IllegalArgumentException("discovery answered HTTP " + response.status());
      }
      ProviderMetadata metadata = ProviderMetadata.parse(response.body(), settings);
      discovered = new Discovered(metadata, now);
      return metadata;
    } catch (IllegalArgumentException | ExecutionException | TimeoutException e) {
      String why = e instanceof ExecutionException ? String.valueOf(e.getCause()) : e.getMessage();
      if (known != null && known.at().plus(STALE).isAfter(now)) {
        LOG.warnf(
            "OIDC discovery at %s failed (%s); using the last good one",
            settings.discoveryUri(), why);
        return known.metadata();
      }
      LOG.warnf("OIDC discovery at %s failed: %s", settings.discoveryUri(), why);
      throw unavailable("its discovery document could not be read (" + why + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
  }

  /**
   * Exchanges {@code code} for the provider's ID token, with the PKCE verifier and, when there is
   * one, the client secret.
   *
   * @throws ProblemException {@code oidc_code_refused} with the provider's error, or {@code
   *     oidc_provider_unavailable}
   */
  String exchange(ProviderMetadata metadata, String code, String verifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", settings.redirectUri().toString());
    form.put("code_verifier", verifier);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(metadata.tokenEndpoint())
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (settings.clientSecret() != null && metadata.basicAuth()) {
      // RFC 6749 2.3.1: both parts form-urlencoded before they are joined.
      String pair = encode(settings.clientId()) + ":" + encode(settings.clientSecret());
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_id", settings.clientId());
      if (settings.clientSecret() != null) {
        form.put("client_secret", settings.clientSecret());
      }
    }
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpResponse<InputStream> response;
    JsonNode answer;
    try {
      response =
          http.send(
              request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          throw unavailable("its token endpoint answered more than " + MAX_BODY + " bytes");
        }
        answer = readJson(bytes);
      }
    } catch (IOException e) {
      throw unavailable("its token endpoint did not answer (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
    int status = response.statusCode();
    if (status == 200 && answer != null && answer.path("id_token").isTextual()) {
      return answer.get("id_token").asText();
    }
    if ((status == 400 || status == 401) && answer != null && answer.path("error").isTextual()) {
      String error = printable(answer.get("error").asText(), 64);
      String description = printable(answer.path("error_description").asText(""), 200);
      throw new ProblemException(
          SignInProblem.CODE_REFUSED,
          "The identity provider refused the code: "
              + error
              + (description.isEmpty() ? "" : " (" + description + ")")
              + ". Sign in again.");
    }
    throw unavailable(
        status == 200
            ? "its token endpoint answered without an ID token"
            : "its token endpoint answered HTTP " + status);
  }

  private static JsonNode readJson(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Text from the provider fit for a problem's detail: printable characters, cut. */
  private static String printable(String text, int max) {
    String clean = text.replaceAll("[\\p{Cntrl}]", " ").strip();
    return clean.length() > max ? clean.substring(0, max) + "…" : clean;
  }

  private static ProblemException unavailable(String why) {
    return new ProblemException(
        SignInProblem.PROVIDER_UNAVAILABLE,
        "The identity provider cannot be used now: " + why + ". Try again later.");
  }
}
