package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class ApiKeyTest {

  @Test
  void createExchangeListAndRevoke() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/api-keys";
    Response created =
        TestApi.as(org.token())
            .body(Map.of("name", "ci pipeline"))
            .post(base)
            .then()
            .statusCode(201)
            .body("name", equalTo("ci pipeline"))
            .body("role", equalTo("admin"))
            .body("revoked", equalTo(false))
            .extract()
            .response();
    String key = created.path("key");
    String id = created.path("id");
    assertThat(key).matches("avk_[a-z2-7]{8}_[a-z2-7]{40}").startsWith("avk_" + id + "_");
    assertThat((String) created.path("prefix")).isEqualTo("avk_" + id);

    String token = exchange(key).then().statusCode(200).extract().path("access_token");
    TestApi.as(token).get("/api/v1/orgs/" + org.orgId()).then().statusCode(200);

    TestApi.as(org.token())
        .get(base)
        .then()
        .statusCode(200)
        .body("[0].id", equalTo(id))
        .body("[0].key", nullValue())
        .body("[0].last_used_at", notNullValue());

    TestApi.as(org.token()).delete(base + "/" + id).then().statusCode(204);
    exchange(key)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:invalid_credentials"));
    TestApi.as(org.token())
        .get(base)
        .then()
        .body("[0].revoked", equalTo(true))
        .body("[0].revoked_at", notNullValue());
  }

  @Test
  void aKeyWithTheRightIdButWrongSecretIsRefused() {
    TestApi.Org org = TestApi.signup();
    String key =
        TestApi.as(org.token())
            .body(Map.of("name", "k"))
            .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    String tampered = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
    exchange(tampered).then().statusCode(401);
    exchange("avk_garbage").then().statusCode(401);
  }

  @Test
  void memberKeysCarryTheMemberRole() {
    TestApi.Org org = TestApi.signup();
    String key =
        TestApi.as(org.token())
            .body(Map.of("name", "reader", "role", "member"))
            .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    String token = exchange(key).then().statusCode(200).extract().path("access_token");
    TestApi.as(token)
        .body(Map.of("name", "x"))
        .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
        .then()
        .statusCode(403);
    TestApi.as(org.token())
        .body(Map.of("name", "x", "role", "owner"))
        .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/role"));
  }

  private static Response exchange(String key) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("api_key", key))
        .post("/api/v1/auth/token");
  }
}
