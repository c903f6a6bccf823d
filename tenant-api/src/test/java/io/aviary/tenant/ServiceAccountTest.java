package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class ServiceAccountTest {

  @Test
  void credentialIsAPlatformJwtThatVerifiesAgainstThePublishedJwks() throws Exception {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/service-accounts";
    String saId =
        TestApi.as(org.token())
            .body(Map.of("name", "sensor-fleet", "description", "Temperature sensors"))
            .post(base)
            .then()
            .statusCode(201)
            .body("description", equalTo("Temperature sensors"))
            .body("username", endsWith("@" + org.orgId()))
            .extract()
            .path("id");
    assertThat(saId).matches("sa_[a-z2-7]{12}");

    Response credential =
        TestApi.as(org.token())
            .body(Map.of("ttl_seconds", 600))
            .post(base + "/" + saId + "/credentials")
            .then()
            .statusCode(201)
            .body("username", equalTo(saId + "@" + org.orgId()))
            .extract()
            .response();
    String password = credential.path("password");
    Instant expiresAt = Instant.parse(credential.path("expires_at"));

    // Verify as an outside service would: discovery → JWKS → signature and claims.
    String jwksUri =
        given().get("/.well-known/openid-configuration").then().extract().path("jwks_uri");
    assertThat(jwksUri).endsWith("/.well-known/jwks.json");
    String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireSubject()
            .setRequireJwtId()
            .setExpectedIssuer("http://tenant-api.test")
            .setExpectedAudience("aviary-mqtt")
            .setVerificationKeyResolver(
                new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
            .build();
    JwtClaims claims = consumer.processToClaims(password);
    assertThat(claims.getSubject()).isEqualTo(saId);
    assertThat(claims.getStringClaimValue("org_id")).isEqualTo(org.orgId());
    assertThat(claims.getStringClaimValue("token_use")).isEqualTo("mqtt");
    assertThat(claims.getExpirationTime().getValue()).isEqualTo(expiresAt.getEpochSecond());
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
        .isEqualTo(600);

    // The same key signs it, but it is not an API token.
    TestApi.as(password).get("/api/v1/orgs/" + org.orgId()).then().statusCode(401);
    // And an API token is not an MQTT credential.
    assertThatThrownBy(() -> consumer.processToClaims(org.token()))
        .isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void credentialLifetimeIsBounded() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/service-accounts";
    String saId =
        TestApi.as(org.token())
            .body(Map.of("name", "bounded"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    TestApi.as(org.token())
        .body(Map.of("ttl_seconds", 86_401))
        .post(base + "/" + saId + "/credentials")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/ttl_seconds"));
    TestApi.as(org.token())
        .body(Map.of("ttl_seconds", 5))
        .post(base + "/" + saId + "/credentials")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/ttl_seconds"));
    String password =
        TestApi.as(org.token())
            .post(base + "/" + saId + "/credentials")
            .then()
            .statusCode(201)
            .extract()
            .path("password");
    assertThat(password).isNotBlank();
  }

  @Test
  void listGetAndDelete() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/service-accounts";
    String saId =
        TestApi.as(org.token())
            .body(Map.of("name", "temp"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    TestApi.as(org.token())
        .body(Map.of("name", "temp"))
        .post(base)
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:aviary:problem:conflict"))
        .body("errors[0].pointer", equalTo("/name"));
    TestApi.as(org.token()).get(base).then().statusCode(200).body("id", hasItem(saId));
    TestApi.as(org.token()).get(base + "/" + saId).then().statusCode(200);
    TestApi.as(org.token()).delete(base + "/" + saId).then().statusCode(204);
    TestApi.as(org.token()).get(base).then().body("id", not(hasItem(saId)));
    TestApi.as(org.token()).get(base + "/" + saId).then().statusCode(404);
    TestApi.as(org.token())
        .post(base + "/" + saId + "/credentials")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
