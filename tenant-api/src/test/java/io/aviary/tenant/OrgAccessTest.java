package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tenant isolation, authentication and roles on the organization endpoints. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class OrgAccessTest {

  @Test
  void aTokenForOneOrganizationCannotReadAnother() {
    TestApi.Org a = TestApi.signup();
    TestApi.Org b = TestApi.signup();
    for (String path :
        new String[] {"", "/members", "/idps", "/api-keys", "/quotas", "/audit-settings", "/ca"}) {
      TestApi.as(a.token())
          .get("/api/v1/orgs/" + b.orgId() + path)
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:aviary:problem:forbidden"));
    }
    TestApi.as(a.token())
        .body(Map.of("name", "x"))
        .post("/api/v1/orgs/" + b.orgId() + "/service-accounts")
        .then()
        .statusCode(403);
  }

  @Test
  void missingOrInvalidTokensAreUnauthorized() {
    TestApi.Org a = TestApi.signup();
    given()
        .get("/api/v1/orgs/" + a.orgId())
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("type", equalTo("urn:aviary:problem:unauthorized"));
    TestApi.as("not.a.jwt")
        .get("/api/v1/orgs/" + a.orgId())
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    // A token with one signature character changed. Not the last ones: the final base64url
    // character of an RS256 signature carries unused bits, so changing it may change nothing.
    String token = a.token();
    int at = token.length() - 10;
    char flipped = token.charAt(at) == 'A' ? 'B' : 'A';
    String forged = token.substring(0, at) + flipped + token.substring(at + 1);
    TestApi.as(forged).get("/api/v1/orgs/" + a.orgId()).then().statusCode(401);
    given().get("/api/v1/idp-presets").then().statusCode(401);
  }

  @Test
  void membersReadButOnlyAdminsWrite() {
    TestApi.Org a = TestApi.signup();
    String email = "member-" + UUID.randomUUID() + "@example.com";
    TestApi.as(a.token())
        .body(Map.of("email", email, "password", TestApi.PASSWORD))
        .post("/api/v1/orgs/" + a.orgId() + "/members")
        .then()
        .statusCode(201)
        .body("role", equalTo("member"));
    String memberToken =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", email, "password", TestApi.PASSWORD))
            .post("/api/v1/auth/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");

    TestApi.as(memberToken).get("/api/v1/orgs/" + a.orgId()).then().statusCode(200);
    TestApi.as(memberToken)
        .get("/api/v1/orgs/" + a.orgId() + "/members")
        .then()
        .statusCode(200)
        .body("email", hasItems(a.email(), email));
    TestApi.as(memberToken)
        .body(Map.of("name", "ci"))
        .post("/api/v1/orgs/" + a.orgId() + "/service-accounts")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:forbidden"));
    TestApi.as(memberToken)
        .body(Map.of("max_connections", 1, "max_messages_per_second", 1, "max_subscriptions", 1))
        .put("/api/v1/orgs/" + a.orgId() + "/quotas")
        .then()
        .statusCode(403);
    TestApi.as(memberToken)
        .get("/api/v1/orgs/" + a.orgId() + "/audit-settings")
        .then()
        .statusCode(200);
    TestApi.as(memberToken)
        .body(Map.of("retention_days", 1, "allowed_publishes", "none", "sample_rate", 0))
        .put("/api/v1/orgs/" + a.orgId() + "/audit-settings")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void adminsSetQuotasWithinThePlatformCeiling() {
    TestApi.Org a = TestApi.signup();
    TestApi.as(a.token())
        .body(
            Map.of("max_connections", 50, "max_messages_per_second", 20, "max_subscriptions", 500))
        .put("/api/v1/orgs/" + a.orgId() + "/quotas")
        .then()
        .statusCode(200)
        .body("max_connections", equalTo(50));
    TestApi.as(a.token())
        .get("/api/v1/orgs/" + a.orgId())
        .then()
        .body("quotas.max_messages_per_second", equalTo(20))
        .body("quotas.max_subscriptions", equalTo(500));
    TestApi.as(a.token())
        .body(
            Map.of(
                "max_connections", 0, "max_messages_per_second", 1_000_000, "max_subscriptions", 1))
        .put("/api/v1/orgs/" + a.orgId() + "/quotas")
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItems("/max_connections"));
    TestApi.as(a.token())
        .body(
            Map.of(
                "max_connections", 1, "max_messages_per_second", 1_000_000, "max_subscriptions", 1))
        .put("/api/v1/orgs/" + a.orgId() + "/quotas")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/max_messages_per_second"));
  }

  @Test
  void unknownPathsAreProblems() {
    TestApi.Org a = TestApi.signup();
    TestApi.as(a.token())
        .get("/api/v1/orgs/" + a.orgId() + "/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
