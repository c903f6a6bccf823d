package io.aviary.acl.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import io.aviary.acl.Templates;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Storing, reading, listing, activating and rolling back an organization's policy versions. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(PlatformKeysResource.class)
class PolicyApiTest {

  private static final String PERMIT_ALL = TestApi.template(Templates.PERMIT_ALL_ID);
  private static final String AGENTS = TestApi.template(Templates.AGENT_PIPELINES_ID);

  @Test
  void anOrganizationWithoutAPolicyHasBlankAsVersionZero() {
    String org = TestApi.newOrg();
    Response r =
        TestApi.as(TestApi.member(org))
            .get("/api/v1/orgs/" + org + "/acl")
            .then()
            .extract()
            .response();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.header("ETag")).isEqualTo("\"0\"");
    assertThat(r.header("Aviary-Acl-Version")).isEqualTo("0");
    assertThat(r.asString()).isEqualTo(TestApi.template(Templates.BLANK_ID));
    TestApi.as(TestApi.member(org))
        .get("/api/v1/orgs/" + org + "/acl/versions")
        .then()
        .statusCode(200)
        .body("active_version", equalTo(0))
        .body("versions", hasSize(0));
  }

  @Test
  void versionsAreStoredActivatedListedAndRolledBack() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String admin = TestApi.admin(org);

    TestApi.as(admin)
        .body(PERMIT_ALL)
        .put(acl)
        .then()
        .statusCode(201)
        .header("Location", endsWith(acl + "/versions/1"))
        .body("version", equalTo(1))
        .body("active", equalTo(true))
        .body("warnings.severity", everyItem(equalTo("warning")));
    Response active = TestApi.as(admin).get(acl).then().statusCode(200).extract().response();
    assertThat(active.asString()).isEqualTo(PERMIT_ALL);
    assertThat(active.header("ETag")).isEqualTo("\"1\"");

    // Stored but not activated: the active version stays.
    TestApi.as(admin)
        .queryParam("activate", false)
        .body(AGENTS)
        .put(acl)
        .then()
        .statusCode(201)
        .body("version", equalTo(2))
        .body("active", equalTo(false));
    assertThat(TestApi.as(admin).get(acl).header("Aviary-Acl-Version")).isEqualTo("1");

    JsonPath versions =
        TestApi.as(admin).get(acl + "/versions").then().statusCode(200).extract().jsonPath();
    assertThat(versions.getInt("active_version")).isEqualTo(1);
    assertThat(versions.getList("versions.version", Integer.class)).containsExactly(2, 1);
    assertThat(versions.getList("versions.active", Boolean.class)).containsExactly(false, true);
    assertThat(versions.getList("versions.created_by", String.class))
        .containsOnly("usr_" + org.substring(4));
    assertThat(versions.getList("versions.rule_count", Integer.class)).allMatch(n -> n > 0);
    assertThat(versions.getList("versions.created_at", String.class)).allMatch(t -> !t.isBlank());
    assertThat(TestApi.as(admin).get(acl + "/versions/2").asString()).isEqualTo(AGENTS);

    TestApi.as(admin)
        .post(acl + "/versions/2/activate")
        .then()
        .statusCode(200)
        .body("active_version", equalTo(2));
    assertThat(TestApi.as(admin).get(acl).asString()).isEqualTo(AGENTS);

    // Rolling back is activating an older version.
    TestApi.as(admin).post(acl + "/versions/1/activate").then().statusCode(200);
    assertThat(TestApi.as(admin).get(acl).asString()).isEqualTo(PERMIT_ALL);

    TestApi.as(admin)
        .post(acl + "/versions/9/activate")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:not_found"));
    TestApi.as(admin).get(acl + "/versions/9").then().statusCode(404);
  }

  @Test
  void aVersionKeepsTheCommentItWasStoredWith() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String admin = TestApi.admin(org);
    TestApi.as(admin)
        .queryParam("comment", "  agents get inboxes (#42)  ")
        .body(AGENTS)
        .put(acl)
        .then()
        .statusCode(201);
    TestApi.as(admin).body(PERMIT_ALL).put(acl).then().statusCode(201);
    JsonPath versions =
        TestApi.as(admin).get(acl + "/versions").then().statusCode(200).extract().jsonPath();
    assertThat(versions.getList("versions.comment", String.class))
        .containsExactly(null, "agents get inboxes (#42)");

    TestApi.as(admin)
        .queryParam("comment", "x".repeat(501))
        .body(AGENTS)
        .put(acl)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("at most 500 characters"));
    TestApi.as(admin)
        .queryParam("comment", "line\nbreak")
        .body(AGENTS)
        .put(acl)
        .then()
        .statusCode(400);
    assertThat(
            TestApi.as(admin)
                .get(acl + "/versions")
                .then()
                .extract()
                .jsonPath()
                .getList("versions"))
        .as("a refused comment stores nothing")
        .hasSize(2);
  }

  @Test
  void anInvalidDocumentIsRefusedWithEveryErrorAndItsPosition() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String document =
        """
        {
          "version": "2.0",
          "default_action": "deny",
          "rules": [
            { "topic": "a/#/b", "action": "publish", "effect": "allow" },
            { "topic": "x", "action": "jump", "effect": "allow" }
          ]
        }
        """;
    JsonPath problem =
        TestApi.as(TestApi.admin(org))
            .body(document)
            .put(acl)
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .body("type", equalTo("urn:aviary:problem:invalid_policy"))
            .extract()
            .jsonPath();
    List<Map<String, Object>> errors = problem.getList("errors");
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.get("pointer")).isEqualTo("/rules/0/topic");
              assertThat(e.get("line")).isEqualTo(5);
              assertThat(e.get("column")).isEqualTo(16);
              assertThat((String) e.get("detail")).isNotBlank();
            })
        .anySatisfy(
            e -> {
              assertThat(e.get("pointer")).isEqualTo("/rules/1/action");
              assertThat(e.get("line")).isEqualTo(6);
              assertThat(e.get("column")).isEqualTo(31);
            });
    // Nothing was stored.
    TestApi.as(TestApi.admin(org))
        .get(acl + "/versions")
        .then()
        .body("versions", hasSize(0))
        .body("active_version", equalTo(0));

    // Not JSON at all is reported the same way, with a position.
    TestApi.as(TestApi.admin(org))
        .body("{\"version\": ")
        .put(acl)
        .then()
        .statusCode(422)
        .body("errors[0].line", equalTo(1));
  }

  @Test
  void ifMatchMustNameTheActiveVersion() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String admin = TestApi.admin(org);
    TestApi.as(admin)
        .header("If-Match", "\"1\"")
        .body(PERMIT_ALL)
        .put(acl)
        .then()
        .statusCode(412)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:precondition_failed"));
    TestApi.as(admin).header("If-Match", "\"0\"").body(PERMIT_ALL).put(acl).then().statusCode(201);
    // Someone else's change landed since version 0 was read: refused, nothing stored.
    TestApi.as(admin).header("If-Match", "\"0\"").body(AGENTS).put(acl).then().statusCode(412);
    TestApi.as(admin).get(acl + "/versions").then().body("versions", hasSize(1));
    TestApi.as(admin)
        .header("If-Match", "\"0\"")
        .post(acl + "/versions/1/activate")
        .then()
        .statusCode(412);
    TestApi.as(admin).header("If-Match", "\"1\"").body(AGENTS).put(acl).then().statusCode(201);
    TestApi.as(admin).get(acl).then().header("ETag", "\"2\"");
    TestApi.as(admin).header("If-None-Match", "\"2\"").get(acl).then().statusCode(304);
  }

  @Test
  void membersReadAndAdminsWrite() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String member = TestApi.member(org);
    TestApi.as(member).get(acl).then().statusCode(200);
    TestApi.as(member).get(acl + "/versions").then().statusCode(200);
    TestApi.as(member).body(PERMIT_ALL).post(acl + "/validate").then().statusCode(200);
    TestApi.as(member)
        .body(PERMIT_ALL)
        .put(acl)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:forbidden"));
    TestApi.as(TestApi.admin(org)).body(PERMIT_ALL).put(acl).then().statusCode(201);
    TestApi.as(member).post(acl + "/versions/1/activate").then().statusCode(403);
  }

  @Test
  void onlyTheOrganizationsOwnPlatformTokensGetIn() throws Exception {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    TestApi.as(TestApi.admin(TestApi.newOrg()))
        .get(acl)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    TestApi.as(TestApi.admin(TestApi.newOrg())).body(PERMIT_ALL).put(acl).then().statusCode(403);
    given().get(acl).then().statusCode(401).contentType("application/problem+json");
    TestApi.as(TestApi.mqttCredential(org)).get(acl).then().statusCode(401);
    TestApi.as(TestApi.forged(org)).get(acl).then().statusCode(401);
    given().get("/api/v1/acl/templates").then().statusCode(401);
  }
}
