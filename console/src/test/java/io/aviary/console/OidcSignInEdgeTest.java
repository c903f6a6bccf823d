package io.aviary.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edge's part in signing in through the platform's OIDC provider, against a tenant-api stub: a
 * sign-in belongs to the browser that started it (its state sealed in a strict cookie), only that
 * browser's callback reaches tenant-api, and a success ends in the same session cookie a password
 * log-in gets.
 */
@QuarkusTest
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = true)
class OidcSignInEdgeTest {

  private static RequestSpecification console() {
    return given().header(Edge.CONSOLE_HEADER, "1").contentType("application/json");
  }

  private static Response start(String body) {
    Response started = console().body(body).post("/console/v1/oidc/start");
    assertThat(started.statusCode()).as(started.asString()).isEqualTo(200);
    return started;
  }

  private static String stateOf(Response started) {
    String url = started.jsonPath().getString("authorization_url");
    return url.substring(url.indexOf("state=") + "state=".length());
  }

  @Test
  void aSignInStartsWithASealedStrictCookieAndEndsInTheSessionCookie() {
    Response started = start("{\"next\":\"/audit?type=connect\",\"invitation\":\"inv-token\"}");
    assertThat(UpstreamStubs.lastOidcBody.getString("invitation")).isEqualTo("inv-token");
    String setCookie = started.getHeader("Set-Cookie");
    String state = stateOf(started);
    assertThat(setCookie)
        .startsWith(SignInCookie.NAME + "=")
        .contains("Path=/", "Secure", "HttpOnly", "SameSite=Strict", "Max-Age=")
        .doesNotContain(state);
    String cookie = started.getCookie(SignInCookie.NAME);

    Response done =
        console()
            .cookie(SignInCookie.NAME, cookie)
            .body("{\"code\":\"" + UpstreamStubs.GOOD_CODE + "\",\"state\":\"" + state + "\"}")
            .post("/console/v1/oidc/callback");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.jsonPath().getString("next")).isEqualTo("/audit?type=connect");
    assertThat(UpstreamStubs.lastOidcBody.getString("state")).isEqualTo(state);
    List<String> cookies = done.getHeaders().getValues("Set-Cookie");
    assertThat(cookies)
        .anySatisfy(c -> assertThat(c).startsWith(SessionCookie.NAME + "=ey").contains("HttpOnly"))
        .anySatisfy(c -> assertThat(c).startsWith(SignInCookie.NAME + "=;").contains("Max-Age=0"));
    console()
        .cookie(SessionCookie.NAME, done.getCookie(SessionCookie.NAME))
        .get("/console/v1/session")
        .then()
        .statusCode(200)
        .body("org_id", equalTo(UpstreamStubs.ORG))
        .body("email", equalTo(UpstreamStubs.EMAIL));
  }

  @Test
  void anotherSignInsStateOrNoSignInNeverReachesTenantApi() {
    String mine = start("{}").getCookie(SignInCookie.NAME);
    // Someone else's sign-in (an attacker's code and state) brought to this browser.
    String theirs = stateOf(start("{}"));
    int exchanges = UpstreamStubs.CODE_EXCHANGES.get();
    console()
        .cookie(SignInCookie.NAME, mine)
        .body("{\"code\":\"" + UpstreamStubs.GOOD_CODE + "\",\"state\":\"" + theirs + "\"}")
        .post("/console/v1/oidc/callback")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:oidc_state_mismatch"))
        .header("Set-Cookie", org.hamcrest.Matchers.containsString("Max-Age=0"));
    for (String cookie : new String[] {null, "not-a-jwe", sessionCookieValue()}) {
      RequestSpecification request = console();
      if (cookie != null) {
        request.cookie(SignInCookie.NAME, cookie);
      }
      request
          .body("{\"code\":\"" + UpstreamStubs.GOOD_CODE + "\",\"state\":\"" + theirs + "\"}")
          .post("/console/v1/oidc/callback")
          .then()
          .statusCode(400)
          .body("type", equalTo("urn:aviary:problem:oidc_sign_in_missing"));
    }
    assertThat(UpstreamStubs.CODE_EXCHANGES.get()).isEqualTo(exchanges);
  }

  @Test
  void tenantApisRefusalReachesThePageAndEndsTheSignIn() {
    Response started = start("{}");
    Response done =
        console()
            .cookie(SignInCookie.NAME, started.getCookie(SignInCookie.NAME))
            .body("{\"code\":\"bad-code\",\"state\":\"" + stateOf(started) + "\"}")
            .post("/console/v1/oidc/callback");
    assertThat(done.statusCode()).isEqualTo(400);
    assertThat(done.jsonPath().getString("type")).isEqualTo("urn:aviary:problem:oidc_code_refused");
    assertThat(done.getHeaders().getValues("Set-Cookie"))
        .singleElement()
        .asString()
        .startsWith(SignInCookie.NAME + "=;");
  }

  @Test
  void withoutTheConsoleHeaderNoSignInStartsOrFinishes() {
    for (String path : new String[] {"/console/v1/oidc/start", "/console/v1/oidc/callback"}) {
      given()
          .contentType("application/json")
          .body("{}")
          .post(path)
          .then()
          .statusCode(403)
          .body("type", equalTo("urn:aviary:problem:console_header_required"));
    }
  }

  @Test
  void theNextPageIsAlwaysOneOfThisOrigin() {
    assertThat(OidcSignInResource.next("/members")).isEqualTo("/members");
    assertThat(OidcSignInResource.next("//evil.example.com/x")).isEqualTo("/start");
    assertThat(OidcSignInResource.next("https://evil.example.com")).isEqualTo("/start");
    assertThat(OidcSignInResource.next("/\\evil.example.com")).isEqualTo("/start");
    assertThat(OidcSignInResource.next("")).isEqualTo("/start");
  }

  /** A session cookie's value, which must not pass for a sign-in cookie (same key, other use). */
  private static String sessionCookieValue() {
    return console()
        .body(UpstreamStubs.logInBody())
        .post("/console/v1/session")
        .getCookie(SessionCookie.NAME);
  }
}
