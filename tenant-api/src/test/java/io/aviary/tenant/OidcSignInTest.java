package io.aviary.tenant;

import static io.aviary.tenant.TestApi.metric;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.nimbusds.jose.JOSEObjectType;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

/**
 * Console sign-in through the platform's OIDC provider against a real one (mock-oauth2-server): the
 * whole Authorization Code flow with PKCE, state and nonce, and each way an ID token or a sign-in
 * is refused, with its own problem type.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.WithProvider.class)
@WithTestResource(PostgresResource.class)
class OidcSignInTest {

  static final Path LOG =
      Path.of("target/oidc-sign-in-test-" + ProcessHandle.current().pid() + ".log");

  /** The platform's provider, and the log in a file the test reads. */
  public static class WithProvider implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TestApi.logTo(LOG);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(PlatformOidcResource.class));
    }
  }

  MockOAuth2Server provider;

  @Test
  void theSignInPageIsToldWhatToOffer() {
    given()
        .get("/api/v1/auth/methods")
        .then()
        .statusCode(200)
        .body("password", equalTo(true))
        .body("oidc.display_name", equalTo("Test SSO"));
  }

  @Test
  void aMemberSignsInAndGetsThePasswordLogInsTokenOnce() throws Exception {
    TestApi.Org org = TestApi.signup();
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    Map<String, String> asked = OidcBrowser.query(back.authorizationUrl());
    assertThat(asked)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", PlatformOidcResource.CLIENT_ID)
        .containsEntry("redirect_uri", PlatformOidcResource.CALLBACK)
        .containsEntry("scope", "openid email profile")
        .containsEntry("code_challenge_method", "S256")
        .containsKeys("nonce", "code_challenge")
        .doesNotContainKey("code_verifier");
    assertThat(asked.get("state")).isNotEqualTo(asked.get("nonce")).hasSize(52);

    issues(
        org.email().toUpperCase(Locale.ROOT), true, PlatformOidcResource.CLIENT_ID, Map.of(), 3600);
    Response token = OidcBrowser.finish(back.code(), back.state());
    token.then().statusCode(200).body("token_type", equalTo("Bearer"));
    String access = token.path("access_token");
    Map<String, Object> claims = claims(access);
    assertThat(claims)
        .containsEntry("sub", org.userId())
        .containsEntry("org_id", org.orgId())
        .containsEntry("email", org.email())
        .containsEntry("aud", "aviary-api")
        .containsEntry("token_use", "access");
    assertThat(claims.get("groups")).isEqualTo(List.of("admin"));
    // The platform's token works like a password log-in's, and the log-in is recorded.
    TestApi.as(access)
        .get("/api/v1/orgs/" + org.orgId() + "/members")
        .then()
        .statusCode(200)
        .body("[0].last_login_at", notNullValue());
    assertThat(metric("aviary_tenant_logins_total{method=\"oidc\",outcome=\"success\"}"))
        .isPositive();

    // The same code and state again: the sign-in is over.
    refused(OidcBrowser.finish(back.code(), back.state()), 400, "oidc_state_invalid");
    // Neither the client secret nor the provider's tokens are logged.
    String log = Files.readString(LOG);
    assertThat(log)
        .contains("Console sign-in: password on, OIDC through " + provider.issuerUrl("platform"))
        .doesNotContain(PlatformOidcResource.CLIENT_SECRET)
        .doesNotContain(back.code());
  }

  @Test
  void anIdTokenForAnotherClientIsRefused() {
    TestApi.Org org = TestApi.signup();
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    // The provider's sign-in writes the requesting client into aud; this token names another.
    issues(
        org.email(),
        true,
        PlatformOidcResource.CLIENT_ID,
        Map.of("aud", List.of("another-client")),
        3600);
    refused(OidcBrowser.finish(back.code(), back.state()), 401, "oidc_token_invalid")
        .body("detail", containsString("(wrong_audience)"));
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() {
    TestApi.Org org = TestApi.signup();
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    // As if the provider answered a sign-in other than the one this state started.
    issues(
        org.email(), true, PlatformOidcResource.CLIENT_ID, Map.of("nonce", "not-our-nonce"), 3600);
    refused(OidcBrowser.finish(back.code(), back.state()), 401, "oidc_token_invalid")
        .body("detail", containsString("(nonce)"));
  }

  @Test
  void anExpiredIdTokenIsRefused() {
    TestApi.Org org = TestApi.signup();
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    issues(org.email(), true, PlatformOidcResource.CLIENT_ID, Map.of(), -600);
    refused(OidcBrowser.finish(back.code(), back.state()), 401, "oidc_token_invalid")
        .body("detail", containsString("(expired)"));
  }

  @Test
  void anEmailTheProviderDoesNotVouchForIsRefused() {
    TestApi.Org org = TestApi.signup();
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    issues(org.email(), false, PlatformOidcResource.CLIENT_ID, Map.of(), 3600);
    refused(OidcBrowser.finish(back.code(), back.state()), 403, "oidc_email_unverified");
  }

  @Test
  void anAddressWithoutAConsoleUserIsRefused() {
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    String stranger = "stranger-" + UUID.randomUUID() + "@example.com";
    issues(stranger, true, PlatformOidcResource.CLIENT_ID, Map.of(), 3600);
    refused(OidcBrowser.finish(back.code(), back.state()), 403, "oidc_no_account")
        .body("detail", containsString(stranger));
    assertThat(metric("aviary_tenant_logins_total{method=\"oidc\",outcome=\"failure\"}"))
        .isPositive();
  }

  @Test
  void anAddressOfADomainNotAllowedIsRefused() {
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    issues("someone@elsewhere.org", true, PlatformOidcResource.CLIENT_ID, Map.of(), 3600);
    refused(OidcBrowser.finish(back.code(), back.state()), 403, "oidc_email_domain");
  }

  @Test
  void aCodeTheProviderDoesNotKnowAndAStateNobodyStartedAreRefused() {
    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of());
    refused(OidcBrowser.finish("not-a-code", back.state()), 400, "oidc_code_refused")
        .body("detail", containsString("invalid_grant"));
    refused(OidcBrowser.finish("a-code", "a-state-nobody-started"), 400, "oidc_state_invalid");
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/auth/oidc/token")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:aviary:problem:validation_failed"))
        .body("errors[0].pointer", equalTo("/code"));
  }

  @Test
  void anInvitationIsAcceptedBySigningInWithItsAddressOnly() {
    TestApi.Org org = TestApi.signup();
    String invitee = "invitee-" + UUID.randomUUID() + "@acme.test";
    String token = invite(org, invitee);

    // Another address than the invitation's: refused, the invitation stays.
    OidcBrowser.Returned wrong = OidcBrowser.signInAtProvider(Map.of("invitation", token));
    issues(
        "someone-" + UUID.randomUUID() + "@acme.test",
        true,
        PlatformOidcResource.CLIENT_ID,
        Map.of(),
        3600);
    refused(OidcBrowser.finish(wrong.code(), wrong.state()), 403, "invitation_email_mismatch");

    OidcBrowser.Returned back = OidcBrowser.signInAtProvider(Map.of("invitation", token));
    issues(invitee, true, PlatformOidcResource.CLIENT_ID, Map.of(), 3600);
    String access =
        OidcBrowser.finish(back.code(), back.state())
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertThat(claims(access)).containsEntry("org_id", org.orgId()).containsEntry("email", invitee);
    // A member without a password: password log-in cannot work for it, the link is used.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", invitee, "password", "whatever password 123"))
        .post("/api/v1/auth/token")
        .then()
        .statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("invitation", token))
        .post("/api/v1/auth/oidc/authorizations")
        .then()
        .statusCode(404)
        .body("type", equalTo("urn:aviary:problem:invitation_invalid"));
  }

  /**
   * The next ID token the provider issues: for {@code email}, with {@code extra} claims written
   * over the provider's own ({@code aud}, {@code nonce}), expiring in {@code expiry} seconds.
   */
  private void issues(
      String email, boolean verified, String audience, Map<String, Object> extra, long expiry) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("email", email);
    claims.put("email_verified", verified);
    claims.putAll(extra);
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            PlatformOidcResource.ISSUER_ID,
            "user-" + UUID.randomUUID(),
            JOSEObjectType.JWT.getType(),
            List.of(audience),
            claims,
            expiry));
  }

  private static io.restassured.response.ValidatableResponse refused(
      Response response, int status, String type) {
    return response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:" + type))
        .body("detail", startsWith(""));
  }

  private static String invite(TestApi.Org org, String email) {
    String url =
        TestApi.as(org.token())
            .body(Map.of("email", email, "role", "member"))
            .post("/api/v1/orgs/" + org.orgId() + "/invitations")
            .then()
            .statusCode(201)
            .extract()
            .path("accept_url");
    return url.substring(url.indexOf('#') + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> claims(String jwt) {
    String payload = jwt.split("\\.")[1];
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readValue(
              new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8),
              Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
