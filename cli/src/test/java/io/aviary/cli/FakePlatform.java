package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * tenant-api and acl-service as two {@link FakeServer}s; tenant-api already exchanges {@link
 * #API_KEY} for {@link #TOKEN}, a JWT whose {@code org_id} claim is {@link #ORG}.
 */
final class FakePlatform implements AutoCloseable {
  static final String ORG = "org_k7xm4pqr2n5t";
  static final String API_KEY = "avk_test_secret_key_0123456789";
  static final String TOKEN = jwt("{\"sub\":\"key_1\",\"org_id\":\"" + ORG + "\",\"use\":\"api\"}");
  static final String ACL = "/api/v1/orgs/" + ORG + "/acl";

  final FakeServer tenant;
  final FakeServer acl;

  FakePlatform() throws IOException {
    tenant = new FakeServer();
    acl = new FakeServer();
    tenant.on(
        "POST",
        "/api/v1/auth/token",
        FakeServer.Reply.json(
            200,
            "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":900}"));
  }

  /** A CLI pointed at both servers with the API key in its environment. */
  Cli cli(Path home) {
    return Cli.at(home)
        .env("AVIARY_API_URL", tenant.url())
        .env("AVIARY_ACL_URL", acl.url())
        .env("AVIARY_API_KEY", API_KEY);
  }

  /**
   * Runs {@code cli} and checks that nothing it printed contains the API key or the token: every
   * command test goes through here.
   */
  static Cli.Result run(Cli cli, String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.out() + result.err()).doesNotContain(API_KEY).doesNotContain(TOKEN);
    return result;
  }

  /** An unsigned JWT carrying {@code claims}: the CLI only reads it, the server verifies it. */
  static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  @Override
  public void close() {
    tenant.close();
    acl.close();
  }
}
