package io.aviary.tenant.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.tenant.config.TenantConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the sign-in settings accept, and the start-up refusals of settings that cannot work. */
class SignInSettingsTest {

  private static final String CONSOLE = "https://console.acme.io/";

  /** The settings as the configuration gives them; null for a key that is not set. */
  record Oidc(
      String issuerValue,
      String clientIdValue,
      String clientSecretValue,
      String scopes,
      List<String> domains)
      implements TenantConfig.Oidc {
    static Oidc of(String issuer, String clientId) {
      return new Oidc(issuer, clientId, null, "openid email profile", null);
    }

    @Override
    public Optional<String> issuer() {
      return Optional.ofNullable(issuerValue);
    }

    @Override
    public Optional<String> clientId() {
      return Optional.ofNullable(clientIdValue);
    }

    @Override
    public Optional<String> clientSecret() {
      return Optional.ofNullable(clientSecretValue);
    }

    @Override
    public String displayName() {
      return "Acme SSO";
    }

    @Override
    public Optional<List<String>> allowedEmailDomains() {
      return Optional.ofNullable(domains);
    }

    @Override
    public Optional<URI> redirectUri() {
      return Optional.empty();
    }

    @Override
    public Duration signInTimeout() {
      return Duration.ofMinutes(10);
    }

    @Override
    public int maxPendingSignIns() {
      return 10_000;
    }
  }

  record Login(boolean password, Oidc oidc) implements TenantConfig.ConsoleLogin {}

  @Test
  void withoutAnIssuerOidcIsOff() {
    assertThat(SignInSettings.from(new Login(true, Oidc.of(null, null)), false, CONSOLE)).isEmpty();
  }

  @Test
  void aWorkingSetAndItsDefaults() {
    Oidc oidc =
        new Oidc(
            "https://login.acme.io/",
            "aviary",
            "s3cret",
            "openid email profile",
            List.of("Acme.io", " acme.com "));
    SignInSettings s = SignInSettings.from(new Login(true, oidc), false, CONSOLE).orElseThrow();
    assertThat(s.issuer()).isEqualTo("https://login.acme.io/");
    assertThat(s.discoveryUri())
        .isEqualTo(URI.create("https://login.acme.io/.well-known/openid-configuration"));
    assertThat(s.redirectUri()).isEqualTo(URI.create("https://console.acme.io/login/callback"));
    assertThat(s.allows("ana@ACME.io")).isTrue();
    assertThat(s.allows("ana@acme.com")).isTrue();
    assertThat(s.allows("ana@sub.acme.io")).isFalse();
    assertThat(s.allows("ana@evil.com")).isFalse();
    assertThat(s.allowHttp()).isFalse();
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void settingsThatCannotWorkStopTheStart() {
    refused(new Login(false, Oidc.of(null, null)), "needs aviary.console-login.oidc.issuer");
    refused(
        new Login(true, Oidc.of("http://login.acme.io", "aviary")), "issuer must be an https URL");
    refused(new Login(true, Oidc.of("https://login.acme.io", null)), "client-id is required");
    refused(
        new Login(true, new Oidc("https://login.acme.io", "aviary", null, "openid profile", null)),
        "scopes must include openid and email");
  }

  @Test
  void devModeAllowsAPlainHttpProvider() {
    Optional<SignInSettings> s =
        SignInSettings.from(
            new Login(true, Oidc.of("http://127.0.0.1:9000/realm", "aviary")),
            true,
            "http://localhost:8080");
    assertThat(s).hasValueSatisfying(v -> assertThat(v.allowHttp()).isTrue());
  }

  private static void refused(Login login, String message) {
    assertThatThrownBy(() -> SignInSettings.from(login, false, CONSOLE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }
}
