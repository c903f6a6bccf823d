package io.aviary.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = UpstreamStubs.class, restrictToAnnotatedClass = true)
class EdgeTest {

  private static RequestSpecification console() {
    return given().header(Edge.CONSOLE_HEADER, "1");
  }

  /** Logs in through the edge and returns the sealed cookie's value. */
  private static String logIn() {
    Response response =
        console()
            .contentType("application/json")
            .body(UpstreamStubs.logInBody())
            .post("/console/v1/session");
    assertThat(response.statusCode()).isEqualTo(204);
    return response.getCookie(SessionCookie.NAME);
  }

  @ParameterizedTest
  @CsvSource({
    "/api/v1/orgs/org_a/acl, acl-service",
    "/api/v1/orgs/org_a/acl/versions/3/activate, acl-service",
    "/api/v1/acl/templates, acl-service",
    "/api/v1/orgs/org_a/audit/events, audit-pipeline",
    "/api/v1/orgs/org_a/audit/tail, audit-pipeline",
    "/api/v1/orgs/org_a/sessions, broker",
    "/api/v1/orgs/org_a/sessions/sensor-7, broker",
    "/api/v1/orgs/org_a/sessionsx, tenant-api",
    "/api/v1/orgs/org_a/idps, tenant-api",
    "/api/v1/orgs/org_a/api-keys, tenant-api",
    "/api/v1/orgs/org_a/aclx, tenant-api",
    "/api/v1/signup, tenant-api",
    "/.well-known/jwks.json, tenant-api",
  })
  void eachPathGoesToTheServiceThatOwnsIt(String path, String service) {
    given()
        .header("Authorization", "Bearer script-token")
        .queryParam("limit", "5")
        .get(path)
        .then()
        .statusCode(200)
        .body("service", equalTo(service))
        .body("path", equalTo(path))
        .body("query", equalTo("limit=5"));
  }

  @Test
  void aScriptsBearerTokenPassesUntouchedAndNoCookieEverReachesAService() {
    String cookie = logIn();
    given()
        .header("Authorization", "Bearer script-token")
        .cookie(SessionCookie.NAME, cookie)
        .cookie("other", "x")
        .get("/api/v1/orgs/org_a/idps")
        .then()
        .statusCode(200)
        .body("authorization", equalTo("Bearer script-token"))
        .body("cookie", nullValue());
  }

  @Test
  void theSessionCookieIsSealedHttpOnlyAndBecomesTheBearerTokenOfConsoleRequests() {
    Response login =
        console()
            .contentType("application/json")
            .body("{\"email\":\"ana@example.com\",\"password\":\"correct horse battery\"}")
            .post("/console/v1/session");
    String setCookie = login.getHeader("Set-Cookie");
    assertThat(setCookie)
        .startsWith(SessionCookie.NAME + "=")
        .contains("Path=/", "Secure", "HttpOnly", "SameSite=Strict", "Max-Age=")
        .doesNotContain(UpstreamStubs.token());
    String cookie = login.getCookie(SessionCookie.NAME);

    console()
        .cookie(SessionCookie.NAME, cookie)
        .get("/api/v1/orgs/" + UpstreamStubs.ORG + "/audit/events")
        .then()
        .statusCode(200)
        .body("service", equalTo("audit-pipeline"))
        .body("authorization", equalTo("Bearer " + UpstreamStubs.token()))
        .body("cookie", nullValue());
    console()
        .cookie(SessionCookie.NAME, cookie)
        .get("/console/v1/session")
        .then()
        .statusCode(200)
        .body("org_id", equalTo(UpstreamStubs.ORG))
        .body("email", equalTo(UpstreamStubs.EMAIL))
        .body("role", equalTo("admin"));
  }

  @Test
  void theConsolesDisconnectReachesTheBrokerWithTheBearerTokenAndItsQuery() {
    String cookie = logIn();
    console()
        .cookie(SessionCookie.NAME, cookie)
        .queryParam("discard", "true")
        .delete("/api/v1/orgs/" + UpstreamStubs.ORG + "/sessions/sensor-7")
        .then()
        .statusCode(200)
        .body("service", equalTo("broker"))
        .body("method", equalTo("DELETE"))
        .body("path", equalTo("/api/v1/orgs/" + UpstreamStubs.ORG + "/sessions/sensor-7"))
        .body("query", equalTo("discard=true"))
        .body("authorization", equalTo("Bearer " + UpstreamStubs.token()))
        .body("cookie", nullValue());
  }

  @Test
  void aCookieWithoutTheConsoleHeaderIsRefusedAsAnotherSitesRequestMightBe() {
    String cookie = logIn();
    given()
        .cookie(SessionCookie.NAME, cookie)
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/orgs/" + UpstreamStubs.ORG + "/api-keys")
        .then()
        .statusCode(403)
        .contentType(Problems.MEDIA_TYPE)
        .body("type", equalTo("urn:aviary:problem:console_header_required"));
    given()
        .contentType("application/json")
        .body("{\"email\":\"ana@example.com\",\"password\":\"correct horse battery\"}")
        .post("/console/v1/session")
        .then()
        .statusCode(403);
  }

  @Test
  void aWrongPasswordGetsTenantApisProblemAndNoCookie() {
    Response response =
        console()
            .contentType("application/json")
            .body("{\"email\":\"ana@example.com\",\"password\":\"wrong\"}")
            .post("/console/v1/session");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Set-Cookie")).isNull();
    assertThat(response.jsonPath().getString("type"))
        .isEqualTo("urn:aviary:problem:invalid_credentials");
  }

  @Test
  void anAlteredOrForeignCookieEndsTheSessionAndIsCleared() {
    String cookie = logIn();
    String altered = cookie.substring(0, cookie.length() - 4) + "AAAA";
    for (String value : new String[] {altered, "not-a-jwe", ""}) {
      console()
          .cookie(SessionCookie.NAME, value)
          .get("/api/v1/orgs/" + UpstreamStubs.ORG + "/idps")
          .then()
          .statusCode(401)
          .body("type", equalTo("urn:aviary:problem:session_expired"))
          .header("Set-Cookie", containsString("Max-Age=0"));
    }
    console().cookie(SessionCookie.NAME, altered).get("/console/v1/session").then().statusCode(401);
  }

  @Test
  void loggingOutClearsTheCookie() {
    console()
        .delete("/console/v1/session")
        .then()
        .statusCode(204)
        .header("Set-Cookie", startsWith(SessionCookie.NAME + "=;"))
        .header("Set-Cookie", containsString("Max-Age=0"));
  }

  @Test
  void theAppsPagesAreServedWithAStrictContentSecurityPolicy() {
    for (String page :
        new String[] {
          "/",
          "/signup",
          "/login",
          "/login/callback",
          "/start",
          "/keys",
          "/idps",
          "/members",
          "/policies",
          "/sessions",
          "/audit",
          "/service-accounts",
          "/certificates",
          "/invite"
        }) {
      String html =
          given()
              .get(page)
              .then()
              .statusCode(200)
              .contentType(containsString("text/html"))
              .header("Content-Security-Policy", containsString("default-src 'self'"))
              .header("Content-Security-Policy", containsString("script-src 'self';"))
              .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
              .header("X-Content-Type-Options", equalTo("nosniff"))
              .extract()
              .asString();
      assertThat(html).contains("<div id=\"app\"></div>");
      // Every script and stylesheet is a file of this origin: nothing inline for the CSP to allow.
      assertThat(html).containsPattern("<script type=\"module\" crossorigin src=\"/assets/");
      assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
      assertThat(html).doesNotContain("<style").doesNotContain(" style=");
    }
    given().get("/no-such-page").then().statusCode(404);
  }

  @Test
  void pathsWithDotSegmentsOrEncodedSlashesAreNotRouted() {
    for (String path :
        new String[] {
          "/api/v1/orgs/org_a/idps/%2e%2e/acl", "/api/v1/orgs/org_a%2Facl", "/api/v1/orgs/./acl"
        }) {
      given()
          .urlEncodingEnabled(false)
          .header("Authorization", "Bearer t")
          .get(path)
          .then()
          .statusCode(400)
          .body("type", equalTo("urn:aviary:problem:invalid_path"));
    }
  }
}
