package io.aviary.acl.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.aviary.acl.Templates;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(PlatformKeysResource.class)
class OperationsTest {

  @Test
  void readinessIncludesTheDatabaseAndTheChangeListener() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("change-feed"));
  }

  @Test
  void storingAndActivatingAreCounted() {
    String org = TestApi.newOrg();
    TestApi.as(TestApi.admin(org))
        .body(TestApi.template(Templates.PERMIT_ALL_ID))
        .put("/api/v1/orgs/" + org + "/acl")
        .then()
        .statusCode(201);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("aviary_acl_versions_stored_total"))
        .body(containsString("aviary_acl_activations_total"))
        .body(containsString("aviary_acl_validations_total{outcome=\"valid\"}"));
  }

  @Test
  void theOpenApiDocumentDescribesThePublicAndInternalPaths() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/orgs/{org}/acl/simulate/batch"))
        .body(containsString("/internal/v1/changes"))
        .body(containsString("/api/v1/acl/templates"));
  }
}
