package io.aviary.tenant;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * A real OpenID provider for the console sign-in tests (mock-oauth2-server on the loopback address,
 * a free port): discovery, JWKS, an authorization endpoint that signs in at once, and a token
 * endpoint that checks PKCE. tenant-api is its client {@value #CLIENT_ID} in dev mode (the provider
 * serves plain http). Init arg {@code password-login} turns password log-in off with {@code false}.
 */
public class PlatformOidcResource implements QuarkusTestResourceLifecycleManager {

  public static final String ISSUER_ID = "platform";
  public static final String CLIENT_ID = "aviary-console";
  public static final String CLIENT_SECRET = "test-client-secret-that-never-shows";
  public static final String CALLBACK = "http://localhost:8080/login/callback";

  private MockOAuth2Server server;
  private String passwordLogin = "true";

  @Override
  public void init(Map<String, String> initArgs) {
    passwordLogin = initArgs.getOrDefault("password-login", "true");
  }

  @Override
  public Map<String, String> start() {
    server = new MockOAuth2Server();
    server.start(InetAddress.getLoopbackAddress(), 0);
    Map<String, String> config = new HashMap<>();
    config.put("aviary.dev-mode", "true");
    config.put("aviary.dev.seed-demo", "false");
    config.put("aviary.console-login.password", passwordLogin);
    config.put("aviary.console-login.oidc.issuer", server.issuerUrl(ISSUER_ID).toString());
    config.put("aviary.console-login.oidc.client-id", CLIENT_ID);
    config.put("aviary.console-login.oidc.client-secret", CLIENT_SECRET);
    config.put("aviary.console-login.oidc.display-name", "Test SSO");
    config.put("aviary.console-login.oidc.allowed-email-domains", "example.com,acme.test");
    return config;
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(server, new TestInjector.MatchesType(MockOAuth2Server.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdown();
    }
  }
}
