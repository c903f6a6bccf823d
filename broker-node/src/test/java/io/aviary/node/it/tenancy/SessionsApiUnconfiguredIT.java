package io.aviary.node.it.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.aviary.broker.tenant.OrgId;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * A broker run alone with file-based organizations has no platform keys to check tokens with: its
 * sessions API refuses every request instead of opening up.
 */
@QuarkusTest
@TestProfile(TenancyProfile.class)
class SessionsApiUnconfiguredIT {

  @Test
  void withoutPlatformKeysEveryRequestIsRefused() {
    OrgId org = TestOrgs.newOrgId();
    String token = PlatformIssuer.accessToken(org, "admin", "ana@example.com");
    for (String method : new String[] {"GET", "DELETE"}) {
      given()
          .header("Authorization", "Bearer " + token)
          .request(method, "/api/v1/orgs/" + org + "/sessions/any-client")
          .then()
          .statusCode(503)
          .contentType("application/problem+json")
          .body("title", equalTo("Temporarily unavailable"))
          .body("detail", containsString("aviary.api.jwks-uri"));
    }
    given().get("/api/v1/orgs/" + org + "/sessions").then().statusCode(503);
  }
}
