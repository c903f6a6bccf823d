package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class SignupTest {

  @Test
  void signupThenTokenThenReadTheOrganization() {
    TestApi.Org org = TestApi.signup();
    assertThat(org.orgId()).matches("org_[a-z2-7]{12}");
    assertThat(org.userId()).matches("usr_[a-z2-7]{12}");

    String token =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", org.email(), "password", TestApi.PASSWORD))
            .post("/api/v1/auth/token")
            .then()
            .statusCode(200)
            .body("token_type", equalTo("Bearer"))
            .body("expires_in", equalTo(900))
            .extract()
            .path("access_token");

    TestApi.as(token)
        .get("/api/v1/orgs/" + org.orgId())
        .then()
        .statusCode(200)
        .body("org_id", equalTo(org.orgId()))
        .body("name", equalTo("Acme"))
        .body("mountpoint", equalTo(org.orgId() + "/"))
        .body("status", equalTo("active"))
        .body("endpoints.mqtts", startsWith("mqtts://"))
        .body("endpoints.wss", startsWith("wss://"))
        .body("quotas.max_connections", equalTo(100))
        .body("quotas.max_messages_per_second", equalTo(100))
        .body("quotas.max_subscriptions", equalTo(1000));

    TestApi.as(token)
        .get("/api/v1/orgs/" + org.orgId() + "/members")
        .then()
        .statusCode(200)
        .body("[0].user_id", equalTo(org.userId()))
        .body("[0].role", equalTo("admin"))
        .body("[0].email", equalTo(org.email()));
  }

  @Test
  void invalidSignupListsEveryFieldWithItsPointer() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("organization_name", "", "email", "not-an-email", "password", "short"))
        .post("/api/v1/signup")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:validation_failed"))
        .body("status", equalTo(400))
        .body("title", equalTo("The request is not valid"))
        .body("errors.pointer", hasItems("/organization_name", "/email", "/password"))
        .body("errors.find { it.pointer == '/password' }.detail", matchesPattern(".*12.*"));
  }

  @Test
  void duplicateEmailIsAConflict() {
    TestApi.Org org = TestApi.signup();
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "organization_name",
                "Other",
                "email",
                org.email().toUpperCase(Locale.ROOT),
                "password",
                TestApi.PASSWORD))
        .post("/api/v1/signup")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:email_taken"));
  }

  @Test
  void malformedJsonIsAProblem() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"organization_name\": ")
        .post("/api/v1/signup")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:malformed_request"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("organization_name", List.of("x"), "email", "a@b.example"))
        .post("/api/v1/signup")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:malformed_request"))
        .body("errors[0].pointer", equalTo("/organization_name"));
  }

  @Test
  void wrongPasswordAndUnknownEmailLookTheSame() {
    TestApi.Org org = TestApi.signup();
    String wrongPassword =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", org.email(), "password", "wrong password!!"))
            .post("/api/v1/auth/token")
            .then()
            .statusCode(401)
            .contentType("application/problem+json")
            .body("type", equalTo("urn:aviary:problem:invalid_credentials"))
            .extract()
            .path("detail");
    String unknownEmail =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", "nobody@example.com", "password", "wrong password!!"))
            .post("/api/v1/auth/token")
            .then()
            .statusCode(401)
            .extract()
            .path("detail");
    assertThat(unknownEmail).isEqualTo(wrongPassword);
  }

  @Test
  void tokenRequestNeedsOneKindOfCredential() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/auth/token")
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItems("/email", "/password"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("api_key", "avk_x", "email", "a@b.example"))
        .post("/api/v1/auth/token")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/api_key"));
  }
}
