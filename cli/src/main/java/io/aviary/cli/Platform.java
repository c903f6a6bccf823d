package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed-in conversation with the platform: the API key is exchanged once for a platform token at
 * tenant-api, and the organization is the token's unless {@code --org} names one. Neither the key
 * nor the token is ever printed.
 */
final class Platform {
  private final Config config;
  private final String orgOverride;
  private final Http http;
  private String token;
  private String org;

  Platform(Config config, String orgOverride, Http http) {
    this.config = config;
    this.orgOverride = orgOverride;
    this.http = http;
  }

  /** The organization the commands act on. */
  String org() {
    signIn();
    return org;
  }

  /** {@code <acl_url>/api/v1/orgs/{org}/acl<suffix>}. */
  URI acl(String suffix) {
    return URI.create(config.aclUrl() + "/api/v1/orgs/" + encode(org()) + "/acl" + suffix);
  }

  /** A path on acl-service outside any organization, e.g. {@code /api/v1/acl/templates}. */
  URI aclService(String path) {
    return URI.create(config.aclUrl() + path);
  }

  /** A path on tenant-api under this organization, e.g. {@code /idps/test-token}. */
  URI tenantOrg(String suffix) {
    return URI.create(config.apiUrl() + "/api/v1/orgs/" + encode(org()) + suffix);
  }

  HttpReply get(URI uri) {
    return send("GET", uri, null, Map.of());
  }

  HttpReply post(URI uri, JsonNode body) {
    return send("POST", uri, body == null ? null : Json.compact(body), Map.of());
  }

  /** Sends with the platform token. */
  HttpReply send(String method, URI uri, String body, Map<String, String> headers) {
    signIn();
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Authorization", "Bearer " + token);
    return http.send(method, uri, body, all);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void signIn() {
    if (token != null) {
      return;
    }
    if (config.apiKey() == null) {
      throw CliException.usage(
          "no API key: set AVIARY_API_KEY, or api_key in the config file (%s by default)",
          "~/.config/aviary/config.properties");
    }
    URI uri = URI.create(config.apiUrl() + "/api/v1/auth/token");
    HttpReply reply =
        http.send(
            "POST", uri, Json.compact(Json.object().put("api_key", config.apiKey())), Map.of());
    if (reply.status() == 400 || reply.status() == 401 || reply.status() == 403) {
      throw CliException.server(
          "tenant-api refused the API key (%s)", ServerProblem.describe(reply));
    }
    String accessToken = Json.text(reply.json(), "access_token");
    if (accessToken == null) {
      throw CliException.server("POST %s: the reply has no access_token", uri);
    }
    token = accessToken;
    org = orgOverride != null ? orgOverride : orgClaim(accessToken, uri);
  }

  /** The organization claim of a platform token; the server verifies the token, not the CLI. */
  private static String orgClaim(String jwt, URI from) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length == 3) {
      try {
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        String org = Json.text(claims, "org_id");
        if (org == null) {
          org = Json.text(claims, "org");
        }
        if (org != null) {
          return org;
        }
      } catch (IllegalArgumentException | IOException e) {
        // Not a JWT: falls through to the error below.
      }
    }
    throw CliException.server("the token from %s names no organization; pass --org", from);
  }
}
