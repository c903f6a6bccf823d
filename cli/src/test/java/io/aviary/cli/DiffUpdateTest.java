package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff and update against a fake acl-service. */
class DiffUpdateTest {
  private static final String ACTIVE_DOC =
      "{\"version\":\"2.0\",\"default_action\":\"deny\",\"rules\":[]}";
  private static final String CHANGES =
      """
      {"default_changed": false,
       "rules": [
         {"kind": "added", "from": null,
          "to": {"index": 0, "name": "publish-own", "topic": "agents/{agent_id}/out",
                 "action": "publish", "effect": "allow"}},
         {"kind": "changed",
          "from": {"index": 1, "name": "inbox", "topic": "agents/{agent_id}/in",
                   "action": "subscribe", "effect": "deny"},
          "to": {"index": 1, "name": "inbox", "topic": "agents/{agent_id}/in",
                 "action": "subscribe", "effect": "allow", "qos": [0, 1]}},
         {"kind": "removed",
          "from": {"index": 2, "topic": "#", "action": "all", "effect": "deny"}, "to": null}],
       "decisions": [
         {"probe": {"identity": {"agent_id": "a1"}, "action": "publish", "topic": "agents/a1/out",
                    "qos": 0, "retain": false},
          "from": {"verdict": "deny", "qos": 0, "rule": "default", "rule_index": null,
                   "reason": "default"},
          "to": {"verdict": "allow", "qos": 0, "rule": "publish-own", "rule_index": 0,
                 "reason": "rule"}}]}
      """;
  private static final String NO_CHANGES =
      "{\"default_changed\": false, \"rules\": [], \"decisions\": []}";

  @TempDir Path dir;
  private FakePlatform platform;
  private Path policy;

  @BeforeEach
  void start() throws IOException {
    platform = new FakePlatform();
    policy = Policies.write(dir, "policy.json", Policies.AGENTS);
    platform.acl.on(
        "GET",
        FakePlatform.ACL,
        FakeServer.Reply.json(200, ACTIVE_DOC).withHeader("Aviary-Acl-Version", "7"));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private Cli.Result run(Cli cli, String... args) {
    return FakePlatform.run(cli, args);
  }

  private Cli.Result run(String... args) {
    return FakePlatform.run(platform.cli(dir), args);
  }

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  private JsonNode sentDiff() throws IOException {
    return json(platform.acl.request("POST", FakePlatform.ACL + "/diff").orElseThrow().body());
  }

  @Test
  void diffPostsTheDocumentAndCasesAndPrintsChanges() throws IOException {
    Path cases =
        Policies.write(
            dir,
            "cases.json",
            "[{\"identity\":{\"agent_id\":\"a1\"},\"action\":\"publish\",\"topic\":\"agents/a1/out\"}]");
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));

    Cli.Result result = run("acl", "diff", policy.toString(), "--cases", cases.toString());

    assertThat(result.code()).as(result.err()).isEqualTo(1);
    assertThat(sentDiff())
        .isEqualTo(
            json(
                "{\"to\":"
                    + Policies.AGENTS
                    + ",\"cases\":[{\"identity\":{\"agent_id\":\"a1\"},\"action\":\"publish\","
                    + "\"topic\":\"agents/a1/out\"}]}"));
    assertThat(result.out().lines())
        .containsExactly(
            "--- active",
            "+++ " + policy,
            "+ publish-own: allow publish agents/{agent_id}/out",
            "~ inbox: deny subscribe agents/{agent_id}/in -> allow subscribe agents/{agent_id}/in"
                + " qos [0,1]",
            "- /rules/2: deny all #",
            "decision changes:",
            "  publish agents/a1/out qos 0 as {\"agent_id\":\"a1\"}: deny (default) -> allow qos 0"
                + " (publish-own)",
            "3 rule changes, 1 decision change");
  }

  @Test
  void diffAgainstAVersionWithNoDifferencesExitsZero() throws IOException {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, NO_CHANGES));

    Cli.Result result = run("acl", "diff", policy.toString(), "--against", "3");

    assertThat(result.code()).isZero();
    assertThat(sentDiff().get("from").asLong()).isEqualTo(3);
    assertThat(sentDiff().has("cases")).isFalse();
    assertThat(result.out()).contains("--- version 3").endsWith("no differences\n");
  }

  @Test
  void diffOfAnInvalidFileStopsBeforeTheServer() {
    Path bad = Policies.write(dir, "bad.json", Policies.BAD_ACTION);

    Cli.Result result = run("acl", "diff", bad.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains(bad + ":5:33: error: ").contains("is not a valid policy");
    assertThat(platform.tenant.requests()).isEmpty();
    assertThat(platform.acl.requests()).isEmpty();
  }

  @Test
  void updateWithoutATerminalNeedsYes() {
    Cli.Result result = run("acl", "update", policy.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("stdin is not a terminal").contains("--yes");
    assertThat(platform.tenant.requests()).isEmpty();
    assertThat(platform.acl.requests()).isEmpty();
  }

  @Test
  void updateDiffsAgainstTheActiveVersionThenPutsTheFileWithIfMatch() throws IOException {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));
    platform.acl.on(
        "PUT",
        FakePlatform.ACL,
        FakeServer.Reply.json(201, "{\"version\":8,\"active\":true,\"warnings\":[]}")
            .withHeader("ETag", "\"8\""));

    Cli.Result result = run("acl", "update", policy.toString(), "--yes");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(sentDiff().get("from").asLong()).isEqualTo(7);
    FakeServer.Request put = platform.acl.request("PUT", FakePlatform.ACL).orElseThrow();
    assertThat(put.header("If-Match")).isEqualTo("\"7\"");
    assertThat(put.header("Authorization")).isEqualTo("Bearer " + FakePlatform.TOKEN);
    assertThat(put.header("Content-Type")).isEqualTo("application/json");
    assertThat(put.body()).isEqualTo(Policies.AGENTS);
    assertThat(put.query()).isNull();
    assertThat(result.out())
        .contains("--- version 7 (active)")
        .contains("+ publish-own: allow publish agents/{agent_id}/out")
        .endsWith("version 8 is now active (was 7)\n");
  }

  @Test
  void updateWithNoActivateAndACommentSaysHowToActivate() {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));
    platform.acl.on(
        "PUT",
        FakePlatform.ACL,
        FakeServer.Reply.json(201, "{\"version\":8,\"active\":false,\"warnings\":[]}"));

    Cli.Result result =
        run(
            "acl",
            "update",
            policy.toString(),
            "--yes",
            "--no-activate",
            "--comment",
            "open the inbox");

    assertThat(result.code()).isZero();
    FakeServer.Request put = platform.acl.request("PUT", FakePlatform.ACL).orElseThrow();
    assertThat(put.query()).isEqualTo("activate=false&comment=open%20the%20inbox");
    assertThat(result.out())
        .contains("stored version 8, not active; activate it with: aviary acl activate 8");
  }

  @Test
  void updateAsksAndStopsOnNo() {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));

    Cli.Result result = run(platform.cli(dir).terminal("n\n"), "acl", "update", policy.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("Activate this policy for " + FakePlatform.ORG + "? [y/N]");
    assertThat(result.err()).contains("update cancelled");
    assertThat(platform.acl.request("PUT", FakePlatform.ACL)).isEmpty();
  }

  @Test
  void updateAsksAndProceedsOnYes() {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));
    platform.acl.on(
        "PUT", FakePlatform.ACL, FakeServer.Reply.json(201, "{\"version\":8,\"active\":true}"));

    Cli.Result result = run(platform.cli(dir).terminal("y\n"), "acl", "update", policy.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("version 8 is now active");
  }

  @Test
  void updateWithNothingToChangeStoresNothing() {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, NO_CHANGES));

    Cli.Result result = run("acl", "update", policy.toString(), "--yes");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("nothing to update: same rules as active version 7");
    assertThat(platform.acl.request("PUT", FakePlatform.ACL)).isEmpty();
  }

  @Test
  void updateAfterAConcurrentChangeSaysToRunAgain() {
    platform.acl.on(
        "GET",
        FakePlatform.ACL,
        FakeServer.Reply.json(200, ACTIVE_DOC).withHeader("Aviary-Acl-Version", "7"),
        FakeServer.Reply.json(200, ACTIVE_DOC).withHeader("Aviary-Acl-Version", "9"));
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));
    platform.acl.on(
        "PUT",
        FakePlatform.ACL,
        FakeServer.Reply.problem(
            412,
            "{\"type\":\"urn:aviary:problem:precondition_failed\",\"title\":\"Precondition"
                + " Failed\",\"status\":412,\"detail\":\"The active ACL version is 9\"}"));

    Cli.Result result = run("acl", "update", policy.toString(), "--yes");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "aviary: the active policy changed since the diff (now version 9); run update again");
    assertThat(platform.acl.request("PUT", FakePlatform.ACL).orElseThrow().header("If-Match"))
        .isEqualTo("\"7\"");
  }

  @Test
  void updateRefusedByTheServerPrintsItsProblemsLikeValidate() {
    platform.acl.on("POST", FakePlatform.ACL + "/diff", FakeServer.Reply.json(200, CHANGES));
    platform.acl.on(
        "PUT",
        FakePlatform.ACL,
        FakeServer.Reply.problem(
            422,
            """
            {"type": "urn:aviary:problem:invalid_policy", "title": "Invalid policy",
             "status": 422, "detail": "the policy has 1 error",
             "errors": [{"pointer": "/rules/1/topic", "line": 6, "column": 37,
                         "message": "exceeds the organization's topic depth limit"}]}
            """));

    Cli.Result result = run("acl", "update", policy.toString(), "--yes");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            policy
                + ":6:37: error: exceeds the organization's topic depth limit (at /rules/1/topic)")
        .contains("the server refused " + policy + ": 1 problem");
  }

  @Test
  void updateOfAnInvalidFileStopsBeforeTheServer() {
    Path bad = Policies.write(dir, "bad.json", Policies.BAD_ACTION);

    Cli.Result result = run("acl", "update", bad.toString(), "--yes");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains(bad + ":5:33: error: ");
    assertThat(platform.acl.requests()).isEmpty();
  }
}
