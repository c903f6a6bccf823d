package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pull, versions, activate, templates and the failures every server command shares. */
class ServerCommandsTest {
  private static final String ACTIVE_DOC =
      "{\"version\":\"2.0\",\"default_action\":\"deny\",\"rules\":[]}";

  @TempDir Path home;
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
    return FakePlatform.run(platform.cli(home), args);
  }

  @Test
  void pullWritesTheActiveDocumentToStdoutAndItsVersionToStderr() {
    platform.acl.on(
        "GET",
        FakePlatform.ACL,
        FakeServer.Reply.json(200, ACTIVE_DOC).withHeader("Aviary-Acl-Version", "7"));

    Cli.Result result = run("acl", "pull");

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo(ACTIVE_DOC + "\n");
    assertThat(result.err()).contains("active policy of " + FakePlatform.ORG + ": version 7");
    FakeServer.Request request = platform.acl.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo(FakePlatform.ACL);
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakePlatform.TOKEN);
  }

  @Test
  void pullWritesToAFile() throws IOException {
    platform.acl.on(
        "GET",
        FakePlatform.ACL,
        FakeServer.Reply.json(200, ACTIVE_DOC).withHeader("Aviary-Acl-Version", "7"));
    Path file = home.resolve("policy.json");

    Cli.Result result = run("acl", "pull", "-o", file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(ACTIVE_DOC + "\n");
    assertThat(result.err()).contains("version 7, written to " + file);
  }

  @Test
  void orgOptionOverridesTheTokensOrganization() {
    platform.acl.on(
        "GET",
        "/api/v1/orgs/org_other0000000/acl",
        FakeServer.Reply.json(200, ACTIVE_DOC).withHeader("Aviary-Acl-Version", "1"));

    Cli.Result result = run("acl", "pull", "--org", "org_other0000000");

    assertThat(result.code()).isZero();
    assertThat(platform.acl.requests().get(0).path())
        .isEqualTo("/api/v1/orgs/org_other0000000/acl");
  }

  @Test
  void versionsListsAndMarksTheActiveOne() {
    platform.acl.on(
        "GET",
        FakePlatform.ACL + "/versions",
        FakeServer.Reply.json(
            200,
            """
            {"active_version": 2,
             "versions": [
               {"version": 2, "created_at": "2025-01-02T10:00:00Z", "created_by": "ops@example.com",
                "rule_count": 3, "active": true},
               {"version": 1, "created_at": "2025-01-01T10:00:00Z", "created_by": "ci",
                "rule_count": 0, "active": false}]}
            """));

    Cli.Result result = run("acl", "versions");

    assertThat(result.code()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "  VERSION  CREATED               BY               RULES",
            "* 2        2025-01-02T10:00:00Z  ops@example.com  3",
            "  1        2025-01-01T10:00:00Z  ci               0");
  }

  @Test
  void versionsJsonIsTheServersReply() throws Exception {
    platform.acl.on(
        "GET", FakePlatform.ACL + "/versions", FakeServer.Reply.json(200, "[{\"version\":1}]"));

    Cli.Result result = run("acl", "versions", "--json");

    assertThat(Json.MAPPER.readTree(result.out()))
        .isEqualTo(Json.MAPPER.readTree("[{\"version\":1}]"));
  }

  @Test
  void activatePostsToTheVersion() {
    platform.acl.on(
        "POST",
        FakePlatform.ACL + "/versions/3/activate",
        FakeServer.Reply.json(200, "{\"active_version\":3}"));

    Cli.Result result = run("acl", "activate", "3");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("version 3 is now active for " + FakePlatform.ORG);
    FakeServer.Request request =
        platform.acl.request("POST", FakePlatform.ACL + "/versions/3/activate").orElseThrow();
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakePlatform.TOKEN);
  }

  @Test
  void activateOfAnUnknownVersionShowsTheProblem() {
    platform.acl.on(
        "POST",
        FakePlatform.ACL + "/versions/9/activate",
        FakeServer.Reply.problem(
            404,
            "{\"type\":\"urn:aviary:problem:not_found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"there is no version 9\"}"));

    Cli.Result result = run("acl", "activate", "9");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err())
        .contains("POST " + platform.acl.url() + FakePlatform.ACL + "/versions/9/activate")
        .contains("404 Not Found: there is no version 9");
  }

  @Test
  void templatesListsTheServersTemplates() {
    platform.acl.on(
        "GET",
        "/api/v1/acl/templates",
        FakeServer.Reply.json(
            200,
            """
            [{"id": "permit-all", "name": "Permit All", "description": "Everything allowed."},
             {"id": "blank", "name": "Blank", "description": "Everything denied."}]
            """));

    Cli.Result result = run("acl", "templates");

    assertThat(result.code()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "ID          NAME        DESCRIPTION",
            "permit-all  Permit All  Everything allowed.",
            "blank       Blank       Everything denied.");
    assertThat(platform.acl.requests().get(0).header("Authorization"))
        .isEqualTo("Bearer " + FakePlatform.TOKEN);
  }

  @Test
  void aRefusedApiKeyIsAServerErrorThatNeverShowsTheKey() {
    platform.tenant.on(
        "POST",
        "/api/v1/auth/token",
        FakeServer.Reply.problem(
            401,
            "{\"type\":\"urn:aviary:problem:unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"unknown or revoked API key\"}"));

    Cli.Result result = run("acl", "versions");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err())
        .contains("tenant-api refused the API key (401 Unauthorized: unknown or revoked API key)");
    assertThat(platform.acl.requests()).isEmpty();
  }

  @Test
  void connectionRefusedNamesTheUrl() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String down = "http://127.0.0.1:" + port;

    Cli.Result result = platform.cli(home).env("AVIARY_API_URL", down).run("acl", "versions");
    Cli.Result aclDown = platform.cli(home).env("AVIARY_ACL_URL", down).run("acl", "pull");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err())
        .contains("aviary: cannot connect to " + down + "/api/v1/auth/token: connection refused");
    assertThat(aclDown.code()).isEqualTo(3);
    assertThat(aclDown.err())
        .contains("cannot connect to " + down + FakePlatform.ACL + ": connection refused");
  }

  @Test
  void aReplyThatIsNotJsonIsAServerError() {
    platform.acl.on(
        "GET",
        FakePlatform.ACL + "/versions",
        new FakeServer.Reply(502, java.util.Map.of(), "<html>Bad Gateway</html>"));

    Cli.Result result = run("acl", "versions");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err()).contains("502: <html>Bad Gateway</html>");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Cli.Result result = Cli.at(home).run("acl", "--help");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("validate", "templates", "pull", "diff", "update", "simulate", "versions")
        .contains("activate", "Exit codes:", "3   server or network error");
  }

  @Test
  void everyCommandHasHelpAndJson() {
    for (String command :
        new String[] {
          "validate", "templates", "pull", "diff", "update", "simulate", "versions", "activate"
        }) {
      Cli.Result result = Cli.at(home).run("acl", command, "--help");
      assertThat(result.code()).as(command).isZero();
      assertThat(result.out()).as(command).contains("--json").contains("Exit codes:");
    }
    assertThat(Cli.at(home).run("acl", "templates", "show", "--help").out()).contains("--json");
  }
}
