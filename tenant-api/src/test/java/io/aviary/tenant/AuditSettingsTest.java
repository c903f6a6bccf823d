package io.aviary.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.aviary.service.testing.ChangeFeedClient;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-organization audit settings, their broker-config view and the pipeline's retention list. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuditSettingsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @TestHTTPResource("/internal/v1/changes")
  URI changes;

  @Test
  void newOrganizationsHaveTheDefaults() {
    TestApi.Org org = TestApi.signup();
    TestApi.as(org.token())
        .get(settings(org))
        .then()
        .statusCode(200)
        .body("allowed_publishes", equalTo("sampled"))
        .body("sample_rate", equalTo(0.01f))
        .body("retention_days", equalTo(30));
    TestApi.as(org.token())
        .get("/api/v1/orgs/" + org.orgId())
        .then()
        .statusCode(200)
        .body("audit.allowed_publishes", equalTo("sampled"))
        .body("audit.retention_days", equalTo(30));
    TestApi.internal()
        .get("/internal/v1/orgs/" + org.orgId() + "/broker-config")
        .then()
        .statusCode(200)
        .body("audit.allowed_publishes", equalTo("sampled"))
        .body("audit.sample_rate", equalTo(0.01f))
        .body("audit.retention_days", equalTo(30));
  }

  @Test
  void anAdminChangesThemAndBrokersAreTold() throws Exception {
    TestApi.Org org = TestApi.signup();
    long before = configVersion(org);
    TestApi.as(org.token())
        .body(Map.of("retention_days", 7, "allowed_publishes", "all", "sample_rate", 0.5))
        .put(settings(org))
        .then()
        .statusCode(200)
        .body("allowed_publishes", equalTo("all"))
        .body("sample_rate", equalTo(0.5f))
        .body("retention_days", equalTo(7));
    TestApi.as(org.token())
        .get(settings(org))
        .then()
        .body("allowed_publishes", equalTo("all"))
        .body("retention_days", equalTo(7));

    // broker-config carries exactly this shape, with a new version.
    Map<String, Object> audit =
        TestApi.internal()
            .get("/internal/v1/orgs/" + org.orgId() + "/broker-config")
            .then()
            .statusCode(200)
            .extract()
            .path("audit");
    assertThat(audit)
        .containsOnlyKeys("allowed_publishes", "sample_rate", "retention_days")
        .containsEntry("allowed_publishes", "all")
        .containsEntry("retention_days", 7);
    assertThat(configVersion(org)).isEqualTo(before + 1);

    try (ChangeFeedClient feed =
        ChangeFeedClient.subscribe(
            URI.create(changes + "?after=0"), TestApi.INTERNAL_TOKEN, null)) {
      await()
          .atMost(DEADLINE)
          .until(() -> feed.find(org.orgId(), "audit_settings_changed"), Optional::isPresent);
    }
  }

  @Test
  void everyInvalidFieldIsReportedWithItsPointer() {
    TestApi.Org org = TestApi.signup();
    TestApi.as(org.token())
        .body(Map.of("retention_days", 0, "allowed_publishes", "some", "sample_rate", 1.5))
        .put(settings(org))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:validation_failed"))
        .body(
            "errors.pointer",
            containsInAnyOrder("/retention_days", "/allowed_publishes", "/sample_rate"));
    TestApi.as(org.token())
        .body(Map.of("retention_days", 3651, "allowed_publishes", "none", "sample_rate", -0.1))
        .put(settings(org))
        .then()
        .statusCode(400)
        .body("errors.pointer", containsInAnyOrder("/retention_days", "/sample_rate"))
        .body("errors.detail", hasItems("must be at most 3650"));
    TestApi.as(org.token())
        .body(Map.of("allowed_publishes", "none"))
        .put(settings(org))
        .then()
        .statusCode(400)
        .body("errors.pointer", containsInAnyOrder("/retention_days", "/sample_rate"))
        .body("errors.detail", hasItems("is required"));
    TestApi.as(org.token())
        .body("{\"retention_days\":\"a week\",\"allowed_publishes\":\"all\",\"sample_rate\":0}")
        .put(settings(org))
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:aviary:problem:malformed_request"))
        .body("errors[0].pointer", equalTo("/retention_days"));
    // Nothing was changed by the refused requests.
    TestApi.as(org.token())
        .get(settings(org))
        .then()
        .body("allowed_publishes", equalTo("sampled"))
        .body("retention_days", equalTo(30));
  }

  @Test
  void theRetentionListHasEveryOrganization() {
    TestApi.Org a = TestApi.signup();
    TestApi.Org b = TestApi.signup();
    TestApi.as(b.token())
        .body(Map.of("retention_days", 7, "allowed_publishes", "sampled", "sample_rate", 0.01))
        .put(settings(b))
        .then()
        .statusCode(200);

    Map<String, Object> body =
        TestApi.internal()
            .get("/internal/v1/audit/retention")
            .then()
            .statusCode(200)
            .body("default_retention_days", equalTo(30))
            .body("orgs.find { it.org_id == '" + a.orgId() + "' }.retention_days", equalTo(30))
            .body("orgs.find { it.org_id == '" + b.orgId() + "' }.retention_days", equalTo(7))
            .extract()
            .path("");
    assertThat(body).containsOnlyKeys("default_retention_days", "orgs");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> orgs = (List<Map<String, Object>>) body.get("orgs");
    assertThat(orgs).allSatisfy(o -> assertThat(o).containsOnlyKeys("org_id", "retention_days"));
    assertThat(orgs).hasSize((int) Sql.number("select count(*) from organization"));
    assertThat(orgs.stream().map(o -> (String) o.get("org_id")).toList()).isSorted();
  }

  @Test
  void withoutKafkaNothingIsRecorded() {
    TestApi.Org org = TestApi.signup();
    TestApi.as(org.token())
        .body(Map.of("name", "ci"))
        .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
        .then()
        .statusCode(201);
    assertThat(Sql.outboxRows(org.orgId())).isZero();
  }

  private static String settings(TestApi.Org org) {
    return "/api/v1/orgs/" + org.orgId() + "/audit-settings";
  }

  private static long configVersion(TestApi.Org org) {
    return ((Number)
            TestApi.internal()
                .get("/internal/v1/orgs/" + org.orgId() + "/broker-config")
                .then()
                .statusCode(200)
                .extract()
                .path("version"))
        .longValue();
  }
}
