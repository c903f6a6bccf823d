package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Password log-in turned off ({@code aviary.console-login.password=false}) with the platform's OIDC
 * provider on: passwords are refused at the token endpoint and for invitations, with a problem that
 * says so; API keys still log scripts in.
 */
@QuarkusTest
@TestProfile(PasswordLoginOffTest.OidcOnly.class)
@WithTestResource(PostgresResource.class)
class PasswordLoginOffTest {

  /** OIDC sign-in only. */
  public static class OidcOnly implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(PlatformOidcResource.class, Map.of("password-login", "false")));
    }
  }

  @Test
  void theSignInPageOffersTheProviderOnly() {
    given()
        .get("/api/v1/auth/methods")
        .then()
        .statusCode(200)
        .body("password", equalTo(false))
        .body("oidc.display_name", equalTo("Test SSO"));
  }

  @Test
  void passwordsAreRefusedButApiKeysStillWork() {
    TestApi.Org org = TestApi.signup();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", org.email(), "password", TestApi.PASSWORD))
        .post("/api/v1/auth/token")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:password_login_disabled"));

    String key =
        TestApi.as(org.token())
            .body(Map.of("name", "ci"))
            .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("api_key", key))
        .post("/api/v1/auth/token")
        .then()
        .statusCode(200);
  }

  @Test
  void anInvitationCannotBeAcceptedWithAPassword() {
    TestApi.Org org = TestApi.signup();
    String url =
        TestApi.as(org.token())
            .body(Map.of("email", "joiner-" + UUID.randomUUID() + "@example.com"))
            .post("/api/v1/orgs/" + org.orgId() + "/invitations")
            .then()
            .statusCode(201)
            .extract()
            .path("accept_url");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("token", url.substring(url.indexOf('#') + 1), "password", TestApi.PASSWORD))
        .post("/api/v1/invitations/accept")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:aviary:problem:password_login_disabled"));
  }
}
