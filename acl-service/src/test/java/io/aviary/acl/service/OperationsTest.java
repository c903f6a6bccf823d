package io.aviary.acl.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.aviary.acl.Templates;
import io.aviary.service.testing.OpenApiSnapshot;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
    double stored = metric("aviary_acl_versions_stored_total");
    double activated = metric("aviary_acl_activations_total");
    double valid = metric("aviary_acl_validations_total{outcome=\"valid\"}");
    String org = TestApi.newOrg();
    TestApi.as(TestApi.admin(org))
        .body(TestApi.template(Templates.PERMIT_ALL_ID))
        .put("/api/v1/orgs/" + org + "/acl")
        .then()
        .statusCode(201);
    assertThat(metric("aviary_acl_versions_stored_total")).isEqualTo(stored + 1);
    assertThat(metric("aviary_acl_activations_total")).isEqualTo(activated + 1);
    assertThat(metric("aviary_acl_validations_total{outcome=\"valid\"}")).isEqualTo(valid + 1);
  }

  /** The value of one Prometheus sample, 0 when it is not exported yet. */
  private static double metric(String sample) {
    for (String line :
        given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
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

  @Test
  void theOpenApiDocumentMatchesTheConsolesCopy() throws Exception {
    // The console's API types are generated from console/web/openapi/acl-service.json.
    OpenApiSnapshot.check(
        "acl-service",
        given()
            .accept(ContentType.JSON)
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }
}
