package io.aviary.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the demo organization the Permit All template, through the public REST APIs as a user
 * would: its admin (from {@code demo.env}) signs in at tenant-api and PUTs the template to
 * acl-service, only while the organization still has version 0 (Blank) and with {@code If-Match:
 * "0"}, so a policy the user activated later survives restarts.
 */
final class DemoPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PERMIT_ALL = "permit-all";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String tenantApi;
  private final String aclService;

  DemoPolicy(String tenantApi, String aclService) {
    this.tenantApi = tenantApi;
    this.aclService = aclService;
  }

  /** Activates Permit All for the organization of {@code demoEnv} unless it has a policy. */
  void ensure(Path demoEnv) throws IOException, InterruptedException {
    Map<String, String> demo = read(demoEnv);
    String org = require(demo, "AVIARY_DEMO_ORG");
    String token =
        json(send(
                post(
                    tenantApi + "/api/v1/auth/token",
                    JSON.createObjectNode()
                        .put("email", require(demo, "AVIARY_DEMO_ADMIN_EMAIL"))
                        .put("password", require(demo, "AVIARY_DEMO_ADMIN_PASSWORD"))
                        .toString()),
                "signing in as the demo admin"))
            .path("access_token")
            .asText();
    String acl = aclService + "/api/v1/orgs/" + org + "/acl";
    HttpResponse<String> active = send(get(acl, token), "reading the demo organization's ACL");
    String version = active.headers().firstValue("Aviary-Acl-Version").orElse("");
    if (!version.equals("0")) {
      DevPlatform.log("demo organization keeps its ACL version " + version);
      return;
    }
    JsonNode policy = null;
    for (JsonNode template :
        json(send(get(aclService + "/api/v1/acl/templates", token), "listing ACL templates"))) {
      if (PERMIT_ALL.equals(template.path("id").asText())) {
        policy = template.get("policy");
      }
    }
    if (policy == null) {
      throw new IOException("acl-service has no " + PERMIT_ALL + " template");
    }
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(acl))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofString(policy.toPrettyString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() == 412) {
      DevPlatform.log("demo organization got an ACL meanwhile; keeping it");
      return;
    }
    check(put, "storing the demo organization's ACL");
    DevPlatform.log(
        "demo organization: Permit All activated as ACL version "
            + json(put).path("version").asInt());
  }

  private HttpRequest get(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  private static HttpRequest post(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request, String what)
      throws IOException, InterruptedException {
    return check(http.send(request, HttpResponse.BodyHandlers.ofString()), what);
  }

  /** The response when 2xx; otherwise a failure naming the step and the status, never a secret. */
  private static HttpResponse<String> check(HttpResponse<String> response, String what)
      throws IOException {
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          what + " failed: HTTP " + response.statusCode() + " from " + response.uri().getPath());
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static String require(Map<String, String> values, String name) throws IOException {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw new IOException("demo.env has no " + name);
    }
    return value;
  }

  /** The variables of {@code demo.env}, shell quoting undone. */
  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
      }
    }
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      return value.substring(1, value.length() - 1).replace("'\\''", "'");
    }
    return value;
  }
}
