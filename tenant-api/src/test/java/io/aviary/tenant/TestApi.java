package io.aviary.tenant;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shortcuts for driving the API in tests: sign-ups, tokens, authenticated requests. */
final class TestApi {

  /** Matches {@code aviary.internal.token} in the test profile. */
  static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

  static final String PASSWORD = "correct horse battery staple";

  private TestApi() {}

  /**
   * The sum of every series of metric {@code name}, or the one series {@code name} spells with its
   * labels, in the Prometheus text; 0 when absent.
   */
  static double metric(String name) {
    return given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** A test profile's configuration that writes the application's log to {@code log} as well. */
  static Map<String, String> logTo(java.nio.file.Path log) {
    return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", log.toString());
  }

  /** A signed-up organization and its admin. */
  record Org(String orgId, String userId, String token, String email) {}

  /** Signs up a new organization with a unique email. */
  static Org signup() {
    String email = "admin-" + UUID.randomUUID() + "@example.com";
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("organization_name", "Acme", "email", email, "password", PASSWORD))
            .post("/api/v1/signup")
            .then()
            .statusCode(201)
            .extract()
            .response();
    return new Org(r.path("org_id"), r.path("user_id"), r.path("access_token"), email);
  }

  /** A request with a bearer token and a JSON body type. */
  static RequestSpecification as(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  /** An IdP connection request for a Supabase project's legacy HS256 tokens. */
  static Map<String, Object> supabaseHs256Idp(String name, String secret) {
    return Map.of(
        "name",
        name,
        "preset",
        "supabase",
        "issuer",
        "https://abcd.supabase.co/auth/v1",
        "audience",
        "authenticated",
        "algorithms",
        List.of("HS256"),
        "hs256_secret",
        secret);
  }

  /** A request with the internal token. */
  static RequestSpecification internal() {
    return given().header("Authorization", "Bearer " + INTERNAL_TOKEN);
  }
}
