package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sign-in settings reach tenant-api, the one service that signs console users in: password
 * log-in on by default, the platform's OIDC provider when set, its client secret only from a
 * Secret.
 */
class ConsoleSignInTest {

  @TempDir Path temp;

  @Test
  void byDefaultPasswordsAndNoProvider() {
    Map<String, Node> env = Chart.render("default").env("tenant-api");
    assertThat(env.get("AVIARY_CONSOLE_PASSWORD_LOGIN").str("value")).isEqualTo("true");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("AVIARY_CONSOLE_OIDC_"));
  }

  @Test
  void theProvidersSettingsAndTheSecretsReferenceGoToTenantApiOnly() {
    Manifests m = Chart.render("production");
    Map<String, Node> env = m.env("tenant-api");
    assertThat(env.get("AVIARY_CONSOLE_PASSWORD_LOGIN").str("value")).isEqualTo("false");
    assertThat(env.get("AVIARY_CONSOLE_OIDC_ISSUER").str("value"))
        .isEqualTo("https://acme.okta.com/oauth2/default");
    assertThat(env.get("AVIARY_CONSOLE_OIDC_CLIENT_ID").str("value"))
        .isEqualTo("0oa1aviaryconsole");
    assertThat(env.get("AVIARY_CONSOLE_OIDC_SCOPES").str("value"))
        .isEqualTo("openid email profile");
    assertThat(env.get("AVIARY_CONSOLE_OIDC_DISPLAY_NAME").str("value")).isEqualTo("Acme Okta");
    assertThat(env.get("AVIARY_CONSOLE_OIDC_ALLOWED_EMAIL_DOMAINS").str("value"))
        .isEqualTo("acme.io");
    Node secret = env.get("AVIARY_CONSOLE_OIDC_CLIENT_SECRET");
    assertThat(secret.at("value").exists()).isFalse();
    assertThat(secret.str("valueFrom.secretKeyRef.name")).isEqualTo("aviary-console-oidc");
    assertThat(secret.str("valueFrom.secretKeyRef.key")).isEqualTo("client-secret");
    // The redirect URI tenant-api derives: https://<consoleHost>/login/callback.
    assertThat(env.get("AVIARY_CONSOLE_URL").str("value"))
        .isEqualTo("https://console.mqtt.acme.io");
    for (String other : new String[] {"broker", "acl-service", "audit-pipeline", "console"}) {
      assertThat(m.env(other).keySet())
          .as(other)
          .noneMatch(
              k ->
                  k.startsWith("AVIARY_CONSOLE_OIDC_")
                      || k.equals("AVIARY_CONSOLE_PASSWORD_LOGIN"));
    }
  }

  @Test
  void aPublicClientHasNoSecret() throws IOException {
    Path values = temp.resolve("public-client.yaml");
    Files.writeString(
        values,
        """
        console:
          oidc:
            issuer: https://login.example.org/realms/ops
            clientId: aviary
        """);
    Map<String, Node> env = Chart.render("default", values).env("tenant-api");
    assertThat(env.get("AVIARY_CONSOLE_OIDC_ISSUER").str("value"))
        .isEqualTo("https://login.example.org/realms/ops");
    assertThat(env)
        .doesNotContainKeys(
            "AVIARY_CONSOLE_OIDC_CLIENT_SECRET", "AVIARY_CONSOLE_OIDC_ALLOWED_EMAIL_DOMAINS");
    assertThat(env.get("AVIARY_CONSOLE_PASSWORD_LOGIN").str("value")).isEqualTo("true");
  }
}
