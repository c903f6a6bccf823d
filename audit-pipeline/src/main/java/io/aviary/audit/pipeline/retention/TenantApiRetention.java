package io.aviary.audit.pipeline.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the retention settings from tenant-api's internal API: {@code GET
 * <tenant-api>/internal/v1/audit/retention} with the internal token as bearer, answering {@code
 * {"default_retention_days": 30, "orgs": [{"org_id": "org_abc", "retention_days": 7}]}}. Any
 * failure, status other than 200 or document that is not exactly that shape makes the settings
 * unavailable: retention never acts on a guess.
 */
public final class TenantApiRetention implements RetentionSource {

  /** The path under tenant-api's base URL. */
  public static final String PATH = "/internal/v1/audit/retention";

  private static final int MAX_DAYS = 36_500;

  private final HttpClient http;
  private final URI uri;
  private final String token;
  private final int fallbackDefaultDays;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param token the internal token (service-common's {@code InternalToken})
   * @param fallbackDefaultDays the default when the answer has no {@code default_retention_days}
   */
  public TenantApiRetention(
      String tenantApiUrl, String token, int fallbackDefaultDays, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.uri = URI.create(stripSlash(tenantApiUrl) + PATH);
    this.token = token;
    this.fallbackDefaultDays = fallbackDefaultDays;
    this.timeout = timeout;
  }

  @Override
  public RetentionSettings fetch() throws RetentionUnavailable {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RetentionUnavailable("tenant-api is not reachable at " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetentionUnavailable("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new RetentionUnavailable(
          "tenant-api answered " + response.statusCode() + " for " + uri);
    }
    return parse(response.body());
  }

  RetentionSettings parse(byte[] body) throws RetentionUnavailable {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new RetentionUnavailable("tenant-api's retention settings are not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new RetentionUnavailable("tenant-api's retention settings are not a JSON object");
    }
    int defaultDays =
        root.has("default_retention_days")
            ? days(root.get("default_retention_days"), "default_retention_days")
            : fallbackDefaultDays;
    Map<String, Integer> orgs = new HashMap<>();
    JsonNode list = root.path("orgs");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new RetentionUnavailable("'orgs' in tenant-api's retention settings is not an array");
    }
    for (JsonNode org : list) {
      JsonNode id = org.path("org_id");
      if (!id.isTextual() || id.textValue().isEmpty()) {
        throw new RetentionUnavailable("an entry of 'orgs' has no org_id");
      }
      if (orgs.put(id.textValue(), days(org.get("retention_days"), "retention_days")) != null) {
        throw new RetentionUnavailable("org " + id.textValue() + " is listed twice");
      }
    }
    return new RetentionSettings(defaultDays, orgs);
  }

  private static int days(JsonNode value, String name) throws RetentionUnavailable {
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.intValue() < 1
        || value.intValue() > MAX_DAYS) {
      throw new RetentionUnavailable(
          name + " must be an integer from 1 to " + MAX_DAYS + ", got " + value);
    }
    return value.intValue();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
