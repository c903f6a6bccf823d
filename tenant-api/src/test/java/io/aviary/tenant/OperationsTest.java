package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.aviary.service.testing.OpenApiSnapshot;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAPI, health and metrics. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class OperationsTest {

  @Test
  void openApiDocumentsThePublicAndInternalSurface() {
    given()
        .accept(ContentType.JSON)
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/signup'.post", notNullValue())
        .body("paths.'/api/v1/auth/token'.post", notNullValue())
        .body("paths.'/api/v1/orgs/{org}/idps/{id}/test'.post", notNullValue())
        .body("paths.'/internal/v1/orgs/{org}/broker-config'.get", notNullValue())
        .body(
            "paths.'/internal/v1/changes'.get.responses.'200'.content.'text/event-stream'",
            notNullValue())
        .body("components.schemas.SignupRequest.properties.organization_name", notNullValue());
  }

  @Test
  void theOpenApiDocumentMatchesTheConsolesCopy() throws Exception {
    // The console's API types are generated from console/web/openapi/tenant-api.json.
    OpenApiSnapshot.check(
        "tenant-api",
        given()
            .accept(ContentType.JSON)
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  @Test
  void swaggerUiIsOffOutsideDevMode() {
    given().get("/q/swagger-ui/").then().statusCode(404);
  }

  @Test
  void readinessIncludesTheDatabaseAndTheChangeListener() {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body(
                        "checks.name",
                        hasItems("change-feed", "Database connections health check")));
  }

  @Test
  void businessMetricsAreExported() {
    TestApi.Org org = TestApi.signup();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", org.email(), "password", "not the password"))
        .post("/api/v1/auth/token")
        .then()
        .statusCode(401);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    List<String> lines = metrics.lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("aviary_tenant_signups_total"));
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("aviary_tenant_logins_total")
                    && l.contains("method=\"password\"")
                    && l.contains("outcome=\"failure\""));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("aviary_tenant_tokens_issued_total") && l.contains("access"));
  }
}
