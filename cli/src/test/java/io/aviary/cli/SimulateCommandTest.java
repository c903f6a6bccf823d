package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private static final String ALLOWED =
      """
      {"verdict": "allow", "qos": 1, "rule": "publish-own", "rule_index": 1, "reason": "rule",
       "bound_topic": "agents/a1/out",
       "trace": [{"rule": "/rules/0", "rule_index": 0, "outcome": "condition",
                  "detail": "role is not admin"},
                 {"rule": "publish-own", "rule_index": 1, "outcome": "matched", "detail": ""}]}
      """;
  private static final String DENIED =
      """
      {"verdict": "deny", "qos": 0, "rule": "default", "rule_index": null, "reason": "default",
       "bound_topic": null,
       "trace": [{"rule": "publish-own", "rule_index": 0, "outcome": "variable",
                  "detail": "variable {agent_id} is not bound"}]}
      """;

  @TempDir Path dir;
  private FakePlatform platform;

  @BeforeEach
  void start() throws IOException {
    platform = new FakePlatform();
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private Cli.Result run(String... args) {
    return FakePlatform.run(platform.cli(dir), args);
  }

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void postsTheCaseAndPrintsVerdictRuleBoundTopicAndTrace() throws IOException {
    platform.acl.on("POST", FakePlatform.ACL + "/simulate", FakeServer.Reply.json(200, ALLOWED));

    Cli.Result result =
        run(
            "acl",
            "simulate",
            "--identity",
            "{\"agent_id\":\"a1\"}",
            "--action",
            "publish",
            "--topic",
            "agents/a1/out",
            "--qos",
            "1",
            "--source-ip",
            "10.0.0.7",
            "--mqtt-version",
            "5.0",
            "--version",
            "4");

    assertThat(result.code()).as(result.err()).isZero();
    FakeServer.Request request =
        platform.acl.request("POST", FakePlatform.ACL + "/simulate").orElseThrow();
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakePlatform.TOKEN);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(json(request.body()))
        .isEqualTo(
            json(
                """
                {"identity": {"agent_id": "a1"}, "action": "publish", "topic": "agents/a1/out",
                 "qos": 1, "retain": false, "source_ip": "10.0.0.7", "mqtt_version": "5.0",
                 "version": 4}
                """));
    assertThat(result.out().lines())
        .containsExactly(
            "case:        publish agents/a1/out qos 1 as {\"agent_id\":\"a1\"}",
            "verdict:     allow",
            "qos:         1",
            "rule:        publish-own",
            "reason:      rule",
            "bound topic: agents/a1/out",
            "trace:",
            "  1. /rules/0: condition - role is not admin",
            "  2. publish-own: matched");
  }

  @Test
  void deniedExitsOne() {
    platform.acl.on("POST", FakePlatform.ACL + "/simulate", FakeServer.Reply.json(200, DENIED));

    Cli.Result result =
        run("acl", "simulate", "--identity", "{}", "--action", "subscribe", "--topic", "agents/#");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out())
        .contains("verdict:     deny")
        .contains("rule:        default")
        .contains("1. publish-own: variable - variable {agent_id} is not bound");
  }

  @Test
  void jsonPrintsTheServersResult() throws IOException {
    platform.acl.on("POST", FakePlatform.ACL + "/simulate", FakeServer.Reply.json(200, ALLOWED));

    Cli.Result result =
        run(
            "acl",
            "simulate",
            "--json",
            "--identity",
            "{\"agent_id\":\"a1\"}",
            "--action",
            "publish",
            "--topic",
            "agents/a1/out");

    assertThat(result.code()).isZero();
    assertThat(json(result.out())).isEqualTo(json(ALLOWED));
  }

  @Test
  void aCaseTheServerRefusesExitsOneWithItsPointer() {
    platform.acl.on(
        "POST",
        FakePlatform.ACL + "/simulate",
        FakeServer.Reply.problem(
            422,
            """
            {"type": "urn:aviary:problem:validation_failed", "title": "Validation failed",
             "status": 422, "detail": "1 invalid field",
             "errors": [{"pointer": "/topic", "detail": "'a/#/b' is not a valid topic filter"}]}
            """));

    Cli.Result result =
        run("acl", "simulate", "--identity", "{}", "--action", "subscribe", "--topic", "a/#/b");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .contains("422 Validation failed: 1 invalid field")
        .contains("  /topic: 'a/#/b' is not a valid topic filter");
  }

  @Test
  void tokenIsVerifiedAtTenantApiAndItsBindingsBecomeTheIdentity() throws IOException {
    String idpToken = FakePlatform.jwt("{\"sub\":\"u1\",\"agent_id\":\"a1\"}");
    platform.tenant.on(
        "POST",
        "/api/v1/orgs/" + FakePlatform.ORG + "/idps/test-token",
        FakeServer.Reply.json(
            200,
            """
            {"verified": true, "connection_id": "idp_1", "subject": "u1",
             "bindings": {"agent_id": ["a1"], "org_id": ["org_k7xm4pqr2n5t"], "user_id": ["u1"]},
             "expires_at": "2030-01-01T00:00:00Z"}
            """));
    platform.acl.on("POST", FakePlatform.ACL + "/simulate", FakeServer.Reply.json(200, ALLOWED));

    Cli.Result result =
        run(
            "acl",
            "simulate",
            "--token",
            idpToken,
            "--idp",
            "idp_1",
            "--action",
            "publish",
            "--topic",
            "agents/a1/out");

    assertThat(result.code()).as(result.err()).isZero();
    FakeServer.Request check =
        platform
            .tenant
            .request("POST", "/api/v1/orgs/" + FakePlatform.ORG + "/idps/test-token")
            .orElseThrow();
    assertThat(check.header("Authorization")).isEqualTo("Bearer " + FakePlatform.TOKEN);
    assertThat(json(check.body()))
        .isEqualTo(json("{\"token\":\"" + idpToken + "\",\"idp_id\":\"idp_1\"}"));
    JsonNode simulated =
        json(platform.acl.request("POST", FakePlatform.ACL + "/simulate").orElseThrow().body());
    assertThat(simulated.get("identity"))
        .isEqualTo(
            json("{\"agent_id\":[\"a1\"],\"org_id\":[\"org_k7xm4pqr2n5t\"],\"user_id\":[\"u1\"]}"));
    assertThat(result.err()).contains("token verified by IdP connection idp_1");
    assertThat(result.out() + result.err()).doesNotContain(idpToken);
  }

  @Test
  void aRefusedTokenExitsOneWithTheReason() {
    platform.tenant.on(
        "POST",
        "/api/v1/orgs/" + FakePlatform.ORG + "/idps/test-token",
        FakeServer.Reply.json(
            200,
            "{\"verified\":false,\"reason\":\"expired\",\"detail\":\"the token expired at"
                + " 2020-01-01T00:00:00Z\"}"));

    Cli.Result result =
        run("acl", "simulate", "--token", "e30.e30.e30", "--action", "publish", "--topic", "a");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .contains("the token was refused: expired: the token expired at 2020-01-01T00:00:00Z");
    assertThat(platform.acl.requests()).isEmpty();
  }

  @Test
  void batchSendsTheCasesWithoutExpectationsAndPrintsATable() throws IOException {
    Path cases =
        Policies.write(
            dir,
            "cases.json",
            """
            [{"identity": {"agent_id": "a1"}, "action": "publish", "topic": "agents/a1/out",
              "qos": 1, "expect": "allow"},
             {"identity": {}, "action": "subscribe", "topic": "agents/#", "expect": "allow"}]
            """);
    platform.acl.on(
        "POST",
        FakePlatform.ACL + "/simulate/batch",
        FakeServer.Reply.json(200, "{\"results\": [" + ALLOWED + "," + DENIED + "]}"));

    Cli.Result result = run("acl", "simulate", "--batch", cases.toString(), "--version", "2");

    assertThat(result.code()).isEqualTo(1);
    JsonNode sent =
        json(
            platform
                .acl
                .request("POST", FakePlatform.ACL + "/simulate/batch")
                .orElseThrow()
                .body());
    assertThat(sent)
        .isEqualTo(
            json(
                """
                {"cases": [
                  {"identity": {"agent_id": "a1"}, "action": "publish", "topic": "agents/a1/out",
                   "qos": 1, "retain": false},
                  {"identity": {}, "action": "subscribe", "topic": "agents/#", "qos": 0,
                   "retain": false}],
                 "version": 2}
                """));
    assertThat(result.out().lines())
        .containsExactly(
            "#  VERDICT  RULE         EXPECT          CASE",
            "1  allow    publish-own  ok              publish agents/a1/out qos 1 as {\"agent_id\":\"a1\"}",
            "2  deny     default      EXPECTED ALLOW  subscribe agents/# qos 0 as {}",
            "2 cases: 1 allowed, 1 denied, 1 not as expected");
  }

  @Test
  void batchAsExpectedExitsZero() {
    Path cases =
        Policies.write(
            dir,
            "cases.json",
            "[{\"identity\": {}, \"action\": \"subscribe\", \"topic\": \"#\", \"expect\": \"deny\"}]");
    platform.acl.on(
        "POST",
        FakePlatform.ACL + "/simulate/batch",
        FakeServer.Reply.json(200, "[" + DENIED + "]"));

    Cli.Result result = run("acl", "simulate", "--batch", cases.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("1 case: 0 allowed, 1 denied, 0 not as expected");
  }

  @Test
  void usageErrorsExitTwoWithoutContactingTheServer() {
    assertThat(run("acl", "simulate", "--action", "publish", "--topic", "a").err())
        .contains("exactly one of --identity, --identity-file or --token");
    assertThat(
            run(
                    "acl",
                    "simulate",
                    "--identity",
                    "{}",
                    "--action",
                    "publish",
                    "--topic",
                    "a",
                    "--policy",
                    "p.json",
                    "--version",
                    "2")
                .code())
        .isEqualTo(2);
    assertThat(
            run(
                    "acl",
                    "simulate",
                    "--offline",
                    "--identity",
                    "{}",
                    "--action",
                    "publish",
                    "--topic",
                    "a")
                .err())
        .contains("--offline needs --policy FILE");
    assertThat(run("acl", "simulate", "--identity", "[1]", "--action", "publish", "--topic", "a"))
        .returns(2, Cli.Result::code);
    assertThat(
            run("acl", "simulate", "--identity", "{", "--action", "publish", "--topic", "a").err())
        .contains("--identity is not valid JSON");
    assertThat(
            run("acl", "simulate", "--identity", "{}", "--action", "connect", "--topic", "a").err())
        .contains("action must be publish or subscribe");
    assertThat(
            run(
                    "acl",
                    "simulate",
                    "--identity",
                    "{}",
                    "--action",
                    "publish",
                    "--topic",
                    "a",
                    "--qos",
                    "3")
                .err())
        .contains("qos must be 0, 1 or 2 (was 3)");
    assertThat(
            run(
                    "acl",
                    "simulate",
                    "--identity",
                    "{}",
                    "--action",
                    "publish",
                    "--topic",
                    "a",
                    "--mqtt-version",
                    "4.0")
                .err())
        .contains("MQTT version must be 3.1, 3.1.1 or 5.0 (was 4.0)");
    assertThat(platform.tenant.requests()).isEmpty();
    assertThat(platform.acl.requests()).isEmpty();
  }

  @Test
  void offlineDecidesWithTheEmbeddedEngine() {
    Path policy = Policies.write(dir, "policy.json", Policies.AGENTS);

    Cli.Result allowed =
        Cli.at(dir)
            .run(
                "acl",
                "simulate",
                "--offline",
                "--policy",
                policy.toString(),
                "--identity",
                "{\"agent_id\":\"a1\"}",
                "--action",
                "publish",
                "--topic",
                "agents/a1/out");
    Cli.Result denied =
        Cli.at(dir)
            .run(
                "acl",
                "simulate",
                "--offline",
                "--policy",
                policy.toString(),
                "--identity",
                "{\"agent_id\":\"a2\"}",
                "--action",
                "publish",
                "--topic",
                "agents/a1/out");

    assertThat(allowed.code()).as(allowed.err()).isZero();
    assertThat(allowed.out())
        .contains("verdict:     allow")
        .contains("rule:        publish-own")
        .contains("bound topic: agents/a1/out");
    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.out()).contains("verdict:     deny").contains("rule:        default");
  }

  @Test
  void offlineRefusesAnInvalidTopic() {
    Path policy = Policies.write(dir, "policy.json", Policies.AGENTS);

    Cli.Result result =
        Cli.at(dir)
            .run(
                "acl",
                "simulate",
                "--offline",
                "--policy",
                policy.toString(),
                "--identity",
                "{}",
                "--action",
                "publish",
                "--topic",
                "agents/+/out");

    assertThat(result.code()).isEqualTo(2);
  }

  @Test
  void policyFileIsValidatedLocallyAndSentAsTheDocument() throws IOException {
    Path policy = Policies.write(dir, "policy.json", Policies.AGENTS);
    Path bad = Policies.write(dir, "bad.json", Policies.BAD_ACTION);
    platform.acl.on("POST", FakePlatform.ACL + "/simulate", FakeServer.Reply.json(200, ALLOWED));

    Cli.Result result =
        run(
            "acl",
            "simulate",
            "--policy",
            policy.toString(),
            "--identity",
            "{\"agent_id\":\"a1\"}",
            "--action",
            "publish",
            "--topic",
            "agents/a1/out");
    Cli.Result invalid =
        run(
            "acl",
            "simulate",
            "--policy",
            bad.toString(),
            "--identity",
            "{}",
            "--action",
            "publish",
            "--topic",
            "a");

    assertThat(result.code()).isZero();
    JsonNode sent =
        json(platform.acl.request("POST", FakePlatform.ACL + "/simulate").orElseThrow().body());
    assertThat(sent.get("policy")).isEqualTo(json(Policies.AGENTS));
    assertThat(sent.has("version")).isFalse();
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).contains(bad + ":5:33: error: ");
    assertThat(platform.acl.requests()).hasSize(1);
  }
}
