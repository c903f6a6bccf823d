package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class InternalApiTest {

  private static final String SECRET = "a-shared-secret-of-more-than-32-bytes!";

  @Test
  void theInternalTokenIsRequired() {
    TestApi.Org org = TestApi.signup();
    String path = "/internal/v1/orgs/" + org.orgId() + "/broker-config";
    given().get(path).then().statusCode(401).contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer wrong-token")
        .get(path)
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:aviary:problem:unauthorized"));
    // A platform access token is not the internal token.
    TestApi.as(org.token()).get(path).then().statusCode(401);
    given().get("/internal/v1/platform").then().statusCode(401);
    given().get("/internal/v1/changes").then().statusCode(401);
    given().get("/internal/v1/audit/retention").then().statusCode(401);
    TestApi.as(org.token()).get("/internal/v1/audit/retention").then().statusCode(401);
    // Unknown internal paths do not reveal themselves either.
    given().get("/internal/v1/nothing").then().statusCode(401);
  }

  @Test
  void brokerConfigCarriesEverythingIncludingSecrets() {
    TestApi.Org org = TestApi.signup();
    String api = "/api/v1/orgs/" + org.orgId();
    TestApi.as(org.token())
        .body(TestApi.supabaseHs256Idp("legacy", SECRET))
        .post(api + "/idps")
        .then()
        .statusCode(201);
    String rs256Id =
        TestApi.as(org.token())
            .body(Map.of("name", "auth0", "preset", "auth0", "issuer", "https://a.auth0.com/"))
            .post(api + "/idps")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String caPem = TestCertificates.pem(TestCertificates.ca("Fleet CA"));
    TestApi.as(org.token()).body(Map.of("pem", caPem)).put(api + "/ca").then().statusCode(200);
    TestApi.as(org.token())
        .body(Map.of("serial", "BEEF"))
        .post(api + "/certificates/revocations")
        .then()
        .statusCode(201);
    String saId =
        TestApi.as(org.token())
            .body(Map.of("name", "fleet"))
            .post(api + "/service-accounts")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    Response config =
        TestApi.internal()
            .get("/internal/v1/orgs/" + org.orgId() + "/broker-config")
            .then()
            .statusCode(200)
            .body("org_id", equalTo(org.orgId()))
            .body("mountpoint", equalTo(org.orgId() + "/"))
            .body("status", equalTo("active"))
            .body("idps", hasSize(2))
            .body("ca_certificates", equalTo(List.of(caPem)))
            .body("revoked_serials", equalTo(List.of("beef")))
            .body("service_accounts", equalTo(List.of(saId)))
            .body("quotas.max_connections", equalTo(100))
            .body("idps.find { it.id == '" + rs256Id + "' }.hs256_secret", equalTo(null))
            .body(
                "idps.find { it.id == '" + rs256Id + "' }.discovery_url",
                equalTo("https://a.auth0.com/.well-known/openid-configuration"))
            .extract()
            .response();
    String encoded = config.path("idps.find { it.name == 'legacy' }.hs256_secret");
    assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo(SECRET);
    assertThat(encoded).doesNotContain("=").doesNotContain("+").doesNotContain("/");
    // org created, 2 idps, ca, revocation, service account
    assertThat(((Number) config.path("version")).longValue()).isEqualTo(7);
  }

  @Test
  void unknownOrganizationIsNotFound() {
    TestApi.internal()
        .get("/internal/v1/orgs/org_aaaaaaaaaaaa/broker-config")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:not_found"));
  }

  @Test
  void platformFacts() {
    TestApi.internal()
        .get("/internal/v1/platform")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://tenant-api.test"))
        .body("jwks_uri", equalTo("http://tenant-api.test/.well-known/jwks.json"))
        .body("mqtt_audience", equalTo("aviary-mqtt"));
    given()
        .get("/.well-known/openid-configuration")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://tenant-api.test"))
        .body("jwks_uri", startsWith("http://tenant-api.test/"));
    given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .body("keys", hasSize(1))
        .body("keys[0].kty", equalTo("RSA"))
        .body("keys[0].alg", equalTo("RS256"))
        .body("keys[0].use", equalTo("sig"))
        .body("keys[0].d", equalTo(null));
  }
}
