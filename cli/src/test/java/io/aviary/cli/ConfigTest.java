package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path home;
  private FakePlatform platform;

  @BeforeEach
  void start() throws IOException {
    platform = new FakePlatform();
    platform.acl.on("GET", FakePlatform.ACL + "/versions", FakeServer.Reply.json(200, "[]"));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private Path config(Path file, String permissions) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "api_url="
            + platform.tenant.url()
            + "\nacl_url="
            + platform.acl.url()
            + "\napi_key="
            + FakePlatform.API_KEY
            + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void refusesAConfigFileOthersCanRead() throws IOException {
    Path file = config(home.resolve("config.properties"), "rw-r--r--");

    Cli.Result result = Cli.at(home).run("acl", "versions", "--config", file.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .contains("config file " + file + " is accessible by others (permissions rw-r--r--)")
        .contains("chmod 600 " + file)
        .doesNotContain(FakePlatform.API_KEY);
    assertThat(platform.tenant.requests()).isEmpty();
    assertThat(platform.acl.requests()).isEmpty();
  }

  @Test
  void refusesTheDefaultConfigFileWhenGroupCanRead() throws IOException {
    config(Config.defaultFile(home), "rw-r-----");

    Cli.Result result = Cli.at(home).run("acl", "versions");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("is accessible by others (permissions rw-r-----)");
  }

  @Test
  void usesAPrivateDefaultConfigFile() throws IOException {
    config(Config.defaultFile(home), "rw-------");

    Cli.Result result = Cli.at(home).run("acl", "versions");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(platform.tenant.request("POST", "/api/v1/auth/token").orElseThrow().body())
        .isEqualTo("{\"api_key\":\"" + FakePlatform.API_KEY + "\"}");
    assertThat(
            platform
                .acl
                .request("GET", FakePlatform.ACL + "/versions")
                .orElseThrow()
                .header("Authorization"))
        .isEqualTo("Bearer " + FakePlatform.TOKEN);
  }

  @Test
  void aviaryConfigVariableNamesTheFileAndTheEnvironmentOverridesIt() throws IOException {
    Path file = config(home.resolve("elsewhere.properties"), "rw-------");

    Cli.Result result =
        Cli.at(home)
            .env("AVIARY_CONFIG", file.toString())
            .env("AVIARY_API_KEY", "avk_from_env")
            .run("acl", "versions");

    assertThat(result.code()).isZero();
    assertThat(platform.tenant.request("POST", "/api/v1/auth/token").orElseThrow().body())
        .isEqualTo("{\"api_key\":\"avk_from_env\"}");
  }

  @Test
  void anExplicitConfigFileMustExist() {
    Path missing = home.resolve("missing.properties");

    Cli.Result result = Cli.at(home).run("acl", "versions", "--config", missing.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("config file " + missing + " does not exist");
  }

  @Test
  void withoutAnApiKeyItSaysWhereToPutOne() {
    Cli.Result result =
        Cli.at(home)
            .env("AVIARY_API_URL", platform.tenant.url())
            .env("AVIARY_ACL_URL", platform.acl.url())
            .run("acl", "versions");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("no API key: set AVIARY_API_KEY");
    assertThat(platform.tenant.requests()).isEmpty();
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    Cli.Result result =
        platform.cli(home).env("AVIARY_ACL_URL", "ftp://example.com").run("acl", "versions");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("ftp://example.com (AVIARY_ACL_URL) is not an http://");
  }
}
