package io.aviary.acl.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.Templates;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates, validation, the simulator (one case and batches) and diffs, over REST. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(PlatformKeysResource.class)
class PolicyToolTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGENTS = TestApi.template(Templates.AGENT_PIPELINES_ID);
  private static final String PERMIT_ALL = TestApi.template(Templates.PERMIT_ALL_ID);

  @Test
  void theFiveTemplatesAreListedWithTheirPolicies() {
    String org = TestApi.newOrg();
    JsonPath templates =
        TestApi.as(TestApi.member(org))
            .get("/api/v1/acl/templates")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(templates.getList("id", String.class))
        .containsExactly(
            "permit-all", "notifications", "agent-pipelines", "chat-channels", "blank");
    assertThat(templates.getList("name", String.class)).doesNotContainNull();
    assertThat(templates.getList("policy.version", String.class)).containsOnly("2.0");
  }

  @Test
  void validationIsAResultNotAnError() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    TestApi.as(TestApi.member(org))
        .body(AGENTS)
        .post(acl + "/validate")
        .then()
        .statusCode(200)
        .body("valid", equalTo(true));
    TestApi.as(TestApi.member(org))
        .body(
            "{\"version\": \"2.0\", \"default_action\": \"deny\",\n"
                + " \"rules\": [{\"topic\": \"a/#/b\", \"action\": \"publish\", \"effect\": \"allow\"}]}")
        .post(acl + "/validate")
        .then()
        .statusCode(200)
        .body("valid", equalTo(false))
        .body("problems[0].severity", equalTo("error"))
        .body("problems[0].pointer", equalTo("/rules/0/topic"))
        .body("problems[0].line", equalTo(2))
        .body("problems[0].message", not(equalTo("")));
  }

  @Test
  void anAgentReadsItsOwnInboxAndNoOtherUnderTheAgentPipelinesTemplate() throws Exception {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    ObjectNode own = inboxCase("agents/a1/inbox");
    own.set("policy", JSON.readTree(AGENTS));
    JsonPath allowed = simulate(org, own);
    assertThat(allowed.getString("verdict")).isEqualTo("allow");
    assertThat(allowed.getString("rule")).isNotEqualTo("default");
    assertThat(allowed.getString("reason")).isEqualTo("rule");
    assertThat(allowed.getString("bound_topic")).contains("a1");
    assertThat(allowed.getList("trace")).isNotEmpty();

    ObjectNode other = inboxCase("agents/a2/inbox");
    other.set("policy", JSON.readTree(AGENTS));
    assertThat(simulate(org, other).getString("verdict")).isEqualTo("deny");

    // Without a policy: the active one, Blank until the organization activates one.
    assertThat(simulate(org, inboxCase("agents/a1/inbox")).getString("verdict")).isEqualTo("deny");
    TestApi.as(TestApi.admin(org)).body(AGENTS).put(acl).then().statusCode(201);
    assertThat(simulate(org, inboxCase("agents/a1/inbox")).getString("verdict")).isEqualTo("allow");
    ObjectNode blank = inboxCase("agents/a1/inbox");
    blank.put("version", 0);
    JsonPath denied = simulate(org, blank);
    assertThat(denied.getString("verdict")).isEqualTo("deny");
    assertThat(denied.getString("rule")).isEqualTo("default");
    assertThat(denied.getString("reason")).isEqualTo("default");
  }

  @Test
  void aBatchAnswersEveryCaseInOrder() throws Exception {
    String org = TestApi.newOrg();
    ObjectNode body = JSON.createObjectNode();
    body.set("policy", JSON.readTree(AGENTS));
    ArrayNode cases = body.putArray("cases");
    cases.add(inboxCase("agents/a1/inbox"));
    cases.add(inboxCase("agents/a2/inbox"));
    cases.add(inboxCase("agents/a1/inbox").put("mqtt_version", "5.0").put("source_ip", "10.0.0.5"));
    TestApi.as(TestApi.member(org))
        .body(body.toString())
        .post("/api/v1/orgs/" + org + "/acl/simulate/batch")
        .then()
        .statusCode(200)
        .body("results", hasSize(3))
        .body("results[0].verdict", equalTo("allow"))
        .body("results[1].verdict", equalTo("deny"))
        .body("results[2].verdict", equalTo("allow"));

    ObjectNode tooMany = JSON.createObjectNode();
    ArrayNode many = tooMany.putArray("cases");
    for (int i = 0; i < 1001; i++) {
      many.add(inboxCase("agents/a1/inbox"));
    }
    TestApi.as(TestApi.member(org))
        .body(tooMany.toString())
        .post("/api/v1/orgs/" + org + "/acl/simulate/batch")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/cases"));

    ObjectNode badCase = JSON.createObjectNode();
    badCase
        .putArray("cases")
        .add(inboxCase("agents/a1/inbox"))
        .add(inboxCase("x").put("action", "jump"));
    TestApi.as(TestApi.member(org))
        .body(badCase.toString())
        .post("/api/v1/orgs/" + org + "/acl/simulate/batch")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].pointer", equalTo("/cases/1/action"));
  }

  @Test
  void anInvalidDraftIsReportedAtItsPlaceInTheBody() {
    String org = TestApi.newOrg();
    String body =
        """
        {
          "identity": {"agent_id": "a1"}, "action": "subscribe", "topic": "agents/a1/inbox",
          "policy": {"version": "2.0", "default_action": "deny",
                     "rules": [{"topic": "a/#/b", "action": "publish", "effect": "allow"}]}
        }
        """;
    JsonPath problem =
        TestApi.as(TestApi.member(org))
            .body(body)
            .post("/api/v1/orgs/" + org + "/acl/simulate")
            .then()
            .statusCode(422)
            .body("type", equalTo("urn:aviary:problem:invalid_policy"))
            .extract()
            .jsonPath();
    List<Map<String, Object>> errors = problem.getList("errors");
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.get("pointer")).isEqualTo("/policy/rules/0/topic");
              assertThat(e.get("line")).isEqualTo(4);
              assertThat(e.get("column")).isEqualTo(34);
            });
  }

  @Test
  void aDiffNamesTheChangedRulesAndDecisions() throws Exception {
    String org = TestApi.newOrg();
    ObjectNode body = JSON.createObjectNode();
    body.put("from", 0);
    body.set("to", JSON.readTree(AGENTS));
    body.putArray("cases").add(inboxCase("agents/a1/inbox")).add(inboxCase("agents/a2/inbox"));
    JsonPath diff =
        TestApi.as(TestApi.member(org))
            .body(body.toString())
            .post("/api/v1/orgs/" + org + "/acl/diff")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(diff.getList("rules.kind", String.class)).isNotEmpty().containsOnly("added");
    assertThat(diff.getList("decisions")).hasSize(1);
    assertThat(diff.getString("decisions[0].probe.topic")).isEqualTo("agents/a1/inbox");
    assertThat(diff.getString("decisions[0].from.verdict")).isEqualTo("deny");
    assertThat(diff.getString("decisions[0].to.verdict")).isEqualTo("allow");

    // Against the active policy (absent "to"), after storing Permit All as version 1.
    TestApi.as(TestApi.admin(org))
        .body(PERMIT_ALL)
        .put("/api/v1/orgs/" + org + "/acl")
        .then()
        .statusCode(201);
    ObjectNode same = JSON.createObjectNode();
    same.put("from", 1);
    TestApi.as(TestApi.member(org))
        .body(same.toString())
        .post("/api/v1/orgs/" + org + "/acl/diff")
        .then()
        .statusCode(200)
        .body("default_changed", equalTo(false))
        .body("rules", hasSize(0))
        .body("decisions", hasSize(0));
    ObjectNode unknown = JSON.createObjectNode();
    unknown.put("from", 7);
    TestApi.as(TestApi.member(org))
        .body(unknown.toString())
        .post("/api/v1/orgs/" + org + "/acl/diff")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/from"));
  }

  private static ObjectNode inboxCase(String topic) {
    ObjectNode c = JSON.createObjectNode();
    c.putObject("identity").put("agent_id", "a1");
    c.put("action", "subscribe");
    c.put("topic", topic);
    c.put("qos", 1);
    return c;
  }

  private static JsonPath simulate(String org, ObjectNode body) {
    return TestApi.as(TestApi.member(org))
        .body(body.toString())
        .post("/api/v1/orgs/" + org + "/acl/simulate")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
