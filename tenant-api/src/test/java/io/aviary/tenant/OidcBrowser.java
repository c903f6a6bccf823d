package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a browser and the console's edge do in a sign-in, as plain HTTP: start it at tenant-api,
 * follow the authorization URL to the provider (which signs in at once and redirects back), read
 * the code and state from the redirect, and hand them to tenant-api.
 */
final class OidcBrowser {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private OidcBrowser() {}

  /** A sign-in started and brought back from the provider, ready to be finished. */
  record Returned(String code, String state, URI authorizationUrl) {}

  static Returned signInAtProvider(Map<String, Object> start) {
    Response started =
        given()
            .contentType(ContentType.JSON)
            .body(start)
            .post("/api/v1/auth/oidc/authorizations")
            .then()
            .statusCode(200)
            .extract()
            .response();
    URI authorization = URI.create(started.path("authorization_url"));
    String state = started.path("state");
    HttpResponse<String> redirect;
    try {
      redirect =
          HTTP.send(
              HttpRequest.newBuilder(authorization).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the provider did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
    URI back = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    assertThat(back.getPath()).isEqualTo("/login/callback");
    Map<String, String> query = query(back);
    assertThat(query.get("state")).isEqualTo(state);
    return new Returned(query.get("code"), state, authorization);
  }

  static Response finish(String code, String state) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "state", state))
        .post("/api/v1/auth/oidc/token");
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
