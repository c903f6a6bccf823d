package io.aviary.identity;

import static io.aviary.identity.VerifierFixture.assertRefused;
import static io.aviary.identity.VerifierFixture.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tokens shaped like each provider's (claims, issuers, audiences and headers as in
 * idp-profiles.md), signed with test keys and served from a fake IdP at the provider's real URLs,
 * verified through connections built from the presets.
 */
class PresetTokenTest {
  private final VerifierFixture f = new VerifierFixture();

  private long now() {
    return f.clock.instant().getEpochSecond();
  }

  private Verification verify(String token, IdpConnection connection) {
    return f.verify(token, connection);
  }

  @Nested
  class Auth0 {
    private final IdpConnection connection =
        Preset.AUTH0.connection(
            "idp_auth0",
            "org_a",
            Map.of(
                "domain", "acme.eu.auth0.com",
                "audience", "https://mqtt.acme.com",
                "claim_namespace", "https://acme.com/"));

    Auth0() {
      f.idp
          .discovery(
              "https://acme.eu.auth0.com/.well-known/openid-configuration",
              "https://acme.eu.auth0.com/",
              "https://acme.eu.auth0.com/.well-known/jwks.json")
          .serve(
              "https://acme.eu.auth0.com/.well-known/jwks.json",
              TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B));
    }

    private Jwt token() {
      return Jwt.token("https://acme.eu.auth0.com/", null, f.clock.instant())
          .claim("sub", "auth0|123456")
          .claim("aud", List.of("https://mqtt.acme.com", "https://acme.eu.auth0.com/userinfo"))
          .claim("azp", "my-client")
          .claim("sid", "sess-1")
          .claim("https://acme.com/roles", List.of("publisher", "ops"))
          .claim("https://acme.com/email", "alice@acme.com")
          .claim("https://acme.com/agent_id", "agent-7");
    }

    @Test
    void namespacedClaimsTrailingSlashIssuerAndArrayAudience() {
      Verified verified = assertVerified(verify(token().sign(TestKeys.RSA_A, "RS256"), connection));
      assertThat(verified.subject()).isEqualTo("auth0|123456");
      assertThat(verified.connectionId()).isEqualTo("idp_auth0");
      assertThat(verified.bindings())
          .containsEntry("user_id", List.of("auth0|123456"))
          .containsEntry("role", List.of("publisher", "ops"))
          .containsEntry("email", List.of("alice@acme.com"))
          .containsEntry("agent_id", List.of("agent-7"))
          .containsEntry("session_id", List.of("sess-1"));
      assertThat(verified.expiresAt().getEpochSecond()).isEqualTo(now() + 3600);
    }

    @Test
    void rfc9068ProfileTypIsAccepted() {
      assertVerified(
          verify(token().header("typ", "at+jwt").sign(TestKeys.RSA_B, "RS256"), connection));
    }

    @Test
    void issuerWithoutTheTrailingSlashIsUnknown() {
      String token =
          token().claim("iss", "https://acme.eu.auth0.com").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(token, connection), AuthFailure.UNKNOWN_ISSUER, token);
    }

    @Test
    void aTokenForAnotherApiIsWrongAudience() {
      String token =
          token().claim("aud", "https://other-api.acme.com").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(token, connection), AuthFailure.WRONG_AUDIENCE, token);
    }

    @Test
    void hs256IsNotAcceptedByTheAuth0Preset() {
      String token =
          token()
              .hs256("client-secret-client-secret-client-secret".getBytes(StandardCharsets.UTF_8));
      assertRefused(verify(token, connection), AuthFailure.BAD_SIGNATURE, token);
    }
  }

  @Nested
  class Supabase {
    private static final String ISSUER = "https://abcdefghijklmnopqrst.supabase.co/auth/v1";
    private static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
    private final IdpConnection asymmetric =
        Preset.SUPABASE.connection(
            "idp_sb", "org_a", Map.of("project_ref", "abcdefghijklmnopqrst"));
    private final IdpConnection legacy =
        Preset.SUPABASE_HS256.connection(
            "idp_sb_hs",
            "org_a",
            Map.of("project_ref", "abcdefghijklmnopqrst", "jwt_secret", SECRET));

    Supabase() {
      f.idp.serve(ISSUER + "/.well-known/jwks.json", TestKeys.jwks(TestKeys.EC_A, TestKeys.RSA_A));
    }

    private Jwt userToken() {
      return Jwt.token(ISSUER, "authenticated", f.clock.instant())
          .claim("sub", "4f1c7c3e-2a1d-4c55-9a43-1f7f0e1b2c3d")
          .claim("role", "authenticated")
          .claim("aal", "aal1")
          .claim("session_id", "9b2e4c1a-0000-4000-8000-000000000001")
          .claim("email", "alice@acme.com")
          .claim("phone", "")
          .claim("is_anonymous", false)
          .claim("amr", List.of(Map.of("method", "password", "timestamp", now())))
          .claim("app_metadata", Map.of("provider", "email", "role", "operator"))
          .claim("user_metadata", Map.of("role", "admin", "agent_id", "forged"));
    }

    /** The anon key as Supabase ships it: iss "supabase", no sub, signed with the legacy secret. */
    private Jwt apiKey(String role) {
      return Jwt.empty()
          .claim("iss", "supabase")
          .claim("ref", "abcdefghijklmnopqrst")
          .claim("role", role)
          .claim("iat", now() - 86_400)
          .claim("exp", now() + 10 * 365 * 86_400L);
    }

    @Test
    void es256UserTokenMapsAppMetadataNeverUserMetadata() {
      Verified verified =
          assertVerified(
              verify(userToken().header("typ", "JWT").sign(TestKeys.EC_A, "ES256"), asymmetric));
      assertThat(verified.bindings())
          .containsEntry("role", List.of("operator"))
          .containsEntry("email", List.of("alice@acme.com"))
          .containsEntry("session_id", List.of("9b2e4c1a-0000-4000-8000-000000000001"))
          .doesNotContainKey("agent_id");
      IdpConnection editedToUserMetadata =
          asymmetric.toBuilder().claimMapping("agent_id", "user_metadata.agent_id").build();
      Verified edited =
          assertVerified(verify(userToken().sign(TestKeys.RSA_A, "RS256"), editedToUserMetadata));
      assertThat(edited.bindings()).doesNotContainKey("agent_id");
    }

    @Test
    void hs256UserTokenVerifiesWithTheProjectSecret() {
      Verified verified =
          assertVerified(
              verify(userToken().hs256(SECRET.getBytes(StandardCharsets.UTF_8)), legacy));
      assertThat(verified.subject()).isEqualTo("4f1c7c3e-2a1d-4c55-9a43-1f7f0e1b2c3d");
      assertThat(f.idp.requests()).isEmpty();
    }

    @Test
    void anonAndServiceRoleKeysAreRefused() {
      byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
      for (String role : List.of("anon", "service_role")) {
        String shipped = apiKey(role).hs256(secret);
        assertRefused(verify(shipped, legacy), AuthFailure.UNKNOWN_ISSUER, shipped);
        String withProjectIssuer =
            apiKey(role)
                .claim("iss", ISSUER)
                .claim("aud", "authenticated")
                .claim("sub", "x")
                .hs256(secret);
        assertRefused(
            verify(withProjectIssuer, legacy), AuthFailure.WRONG_AUDIENCE, withProjectIssuer);
        IdpConnection loosened = legacy.toBuilder().removeRequiredClaim("role").build();
        assertRefused(
            verify(withProjectIssuer, loosened), AuthFailure.WRONG_AUDIENCE, withProjectIssuer);
      }
    }

    @Test
    void anAsymmetricTokenOnTheLegacyConnectionAndViceVersaAreRefused() {
      String es256 = userToken().sign(TestKeys.EC_A, "ES256");
      assertRefused(verify(es256, legacy), AuthFailure.BAD_SIGNATURE, es256);
      String hs256 = userToken().hs256(SECRET.getBytes(StandardCharsets.UTF_8));
      assertRefused(verify(hs256, asymmetric), AuthFailure.BAD_SIGNATURE, hs256);
    }

    @Test
    void aShortLegacySecretIsRejectedWhenTheConnectionIsBuilt() {
      assertThatThrownBy(
              () ->
                  Preset.SUPABASE_HS256.connection(
                      "x",
                      "org_a",
                      Map.of("project_ref", "abcdefghijklmnopqrst", "jwt_secret", "8 bytes!")))
          .isInstanceOf(PresetInputException.class)
          .hasMessageContaining("32 bytes")
          .extracting(e -> ((PresetInputException) e).field())
          .isEqualTo("jwt_secret");
    }
  }

  @Nested
  class Firebase {
    private static final String ISSUER = "https://securetoken.google.com/acme-prod";
    private final IdpConnection connection =
        Preset.FIREBASE.connection("idp_fb", "org_a", Map.of("project_id", "acme-prod"));

    Firebase() {
      f.idp.serve(
          Preset.FIREBASE_JWKS,
          TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B),
          "public, max-age=19845");
    }

    private Jwt idToken() {
      return Jwt.token(ISSUER, "acme-prod", f.clock.instant())
          .claim("sub", "kQbW9nX2c0TqZ1yR7hF3uVb8eLm2")
          .claim("user_id", "kQbW9nX2c0TqZ1yR7hF3uVb8eLm2")
          .claim("auth_time", now() - 600)
          .claim("email", "alice@acme.com")
          .claim("email_verified", true)
          .claim("role", "sensor")
          .claim("firebase", Map.of("sign_in_provider", "password"));
    }

    @Test
    void idTokenWithCustomClaims() {
      Verified verified =
          assertVerified(verify(idToken().sign(TestKeys.RSA_B, "RS256"), connection));
      assertThat(verified.bindings())
          .containsEntry("role", List.of("sensor"))
          .containsEntry("email", List.of("alice@acme.com"));
    }

    @Test
    void anotherProjectsTokenIsRefusedThoughTheKeysAreShared() {
      String other =
          idToken()
              .claim("iss", "https://securetoken.google.com/other-proj")
              .claim("aud", "other-proj")
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(other, connection), AuthFailure.UNKNOWN_ISSUER, other);
      String audOnly = idToken().claim("aud", "other-proj").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(audOnly, connection), AuthFailure.WRONG_AUDIENCE, audOnly);
    }

    @Test
    void customTokensAndSessionCookiesAreRefused() {
      String custom =
          idToken()
              .claim(
                  "aud",
                  "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit")
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(custom, connection), AuthFailure.WRONG_AUDIENCE, custom);
      String cookie =
          idToken()
              .claim("iss", "https://session.firebase.google.com/acme-prod")
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(cookie, connection), AuthFailure.UNKNOWN_ISSUER, cookie);
    }

    @Test
    void firebaseRulesOnSubAuthTimeAndEmailVerification() {
      String noAuthTime = idToken().without("auth_time").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(noAuthTime, connection), AuthFailure.MALFORMED, noAuthTime);
      String futureAuth = idToken().claim("auth_time", now() + 3600).sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(futureAuth, connection), AuthFailure.NOT_YET_VALID, futureAuth);
      String longSub = idToken().claim("sub", "u".repeat(129)).sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(longSub, connection), AuthFailure.MALFORMED, longSub);
      Verified unverified =
          assertVerified(
              verify(
                  idToken().claim("email_verified", false).sign(TestKeys.RSA_A, "RS256"),
                  connection));
      assertThat(unverified.bindings()).doesNotContainKey("email");
    }
  }

  @Nested
  class Clerk {
    private final IdpConnection connection =
        Preset.CLERK.connection(
            "idp_clerk",
            "org_a",
            Map.of(
                "frontend_api_url",
                "https://clerk.acme.com/",
                "authorized_parties",
                "https://app.acme.com"));

    Clerk() {
      f.idp.serve("https://clerk.acme.com/.well-known/jwks.json", TestKeys.jwks(TestKeys.RSA_A));
    }

    /** A v2 session token: no aud, azp is the origin, one minute of life. */
    private Jwt sessionToken() {
      return Jwt.token("https://clerk.acme.com", null, f.clock.instant())
          .claim("sub", "user_2abc")
          .claim("azp", "https://app.acme.com")
          .claim("sid", "sess_2xyz")
          .claim("v", 2)
          .claim("nbf", now() - 5)
          .claim("exp", now() + 60)
          .claim("o", Map.of("id", "org_2q", "slg", "acme", "rol", "admin"));
    }

    @Test
    void sixtySecondSessionTokenWithoutAudience() {
      Verified verified =
          assertVerified(verify(sessionToken().sign(TestKeys.RSA_A, "RS256"), connection));
      assertThat(verified.bindings())
          .containsEntry("role", List.of("admin"))
          .containsEntry("session_id", List.of("sess_2xyz"))
          .containsEntry("user_id", List.of("user_2abc"));
      assertThat(verified.expiresAt().getEpochSecond()).isEqualTo(now() + 60);
      assertThat(Preset.CLERK.warnings()).anyMatch(w -> w.contains("60 seconds"));

      String token = sessionToken().sign(TestKeys.RSA_A, "RS256");
      f.clock.advance(Duration.ofSeconds(121));
      assertRefused(verify(token, connection), AuthFailure.EXPIRED, token);
    }

    @Test
    void foreignOriginAndPendingSessionsAreRefused() {
      String foreign =
          sessionToken().claim("azp", "https://evil.example").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(foreign, connection), AuthFailure.WRONG_AUDIENCE, foreign);
      String pending = sessionToken().claim("sts", "pending").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(pending, connection), AuthFailure.WRONG_AUDIENCE, pending);
    }
  }

  @Nested
  class Cognito {
    private static final String ISSUER =
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz";
    private final Map<String, String> inputs =
        Map.of(
            "region",
            "eu-west-1",
            "user_pool_id",
            "eu-west-1_AbC123xyz",
            "client_id",
            "3n4b5urk1ft4fl3mg5e62d9ado");
    private final IdpConnection access = Preset.COGNITO.connection("idp_cg", "org_a", inputs);
    private final IdpConnection id = Preset.COGNITO_ID.connection("idp_cg_id", "org_a", inputs);

    Cognito() {
      f.idp.serve(ISSUER + "/.well-known/jwks.json", TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B));
    }

    private Jwt accessToken() {
      return Jwt.token(ISSUER, null, f.clock.instant())
          .claim("sub", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
          .claim("token_use", "access")
          .claim("client_id", "3n4b5urk1ft4fl3mg5e62d9ado")
          .claim("scope", "aws.cognito.signin.user.admin")
          .claim("username", "alice")
          .claim("origin_jti", "origin-1")
          .claim("cognito:groups", List.of("admins", "devices"));
    }

    private Jwt idToken() {
      return Jwt.token(ISSUER, "3n4b5urk1ft4fl3mg5e62d9ado", f.clock.instant())
          .claim("sub", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
          .claim("token_use", "id")
          .claim("email", "alice@acme.com")
          .claim("email_verified", true)
          .claim("custom:agent_id", "agent-42")
          .claim("cognito:groups", List.of("admins"));
    }

    @Test
    void accessTokenWithGroupsAndNoAudience() {
      Verified verified =
          assertVerified(verify(accessToken().sign(TestKeys.RSA_A, "RS256"), access));
      assertThat(verified.bindings())
          .containsEntry("role", List.of("admins", "devices"))
          .containsEntry("session_id", List.of("origin-1"));
    }

    @Test
    void tokenUseSeparatesAccessFromIdTokens() {
      String idTok = idToken().sign(TestKeys.RSA_B, "RS256");
      assertRefused(verify(idTok, access), AuthFailure.WRONG_AUDIENCE, idTok);
      String accessTok = accessToken().sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(accessTok, id), AuthFailure.WRONG_AUDIENCE, accessTok);
      Verified verified = assertVerified(verify(idTok, id));
      assertThat(verified.bindings())
          .containsEntry("email", List.of("alice@acme.com"))
          .containsEntry("agent_id", List.of("agent-42"));

      String otherClient =
          accessToken().claim("client_id", "someotherclient").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(otherClient, access), AuthFailure.WRONG_AUDIENCE, otherClient);
    }

    @Test
    void anOrganizationWithBothConnectionsGetsEachTokenToTheRightOne() {
      List<IdpConnection> org = List.of(id, access);
      Verified a =
          assertVerified(
              f.verifier.verify(accessToken().sign(TestKeys.RSA_A, "RS256"), org).join());
      assertThat(a.connectionId()).isEqualTo("idp_cg");
      Verified i =
          assertVerified(f.verifier.verify(idToken().sign(TestKeys.RSA_B, "RS256"), org).join());
      assertThat(i.connectionId()).isEqualTo("idp_cg_id");
    }
  }

  @Nested
  class Entra {
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
    private static final String V2_ISSUER = "https://login.microsoftonline.com/" + TENANT + "/v2.0";
    private static final String V1_ISSUER = "https://sts.windows.net/" + TENANT + "/";
    private final IdpConnection v2 =
        Preset.ENTRA_V2.connection(
            "idp_e2", "org_a", Map.of("tenant_id", TENANT, "client_id", CLIENT));
    private final IdpConnection v1 =
        Preset.ENTRA_V1.connection(
            "idp_e1",
            "org_a",
            Map.of("tenant_id", TENANT, "client_id", CLIENT, "app_id_uri", "api://mqtt.acme.com"));

    Entra() {
      String keys = "https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys";
      f.idp
          .discovery(
              "https://login.microsoftonline.com/"
                  + TENANT
                  + "/v2.0/.well-known/openid-configuration",
              V2_ISSUER,
              keys)
          .discovery(
              "https://login.microsoftonline.com/" + TENANT + "/.well-known/openid-configuration",
              V1_ISSUER,
              "https://login.microsoftonline.com/" + TENANT + "/discovery/keys")
          .serve(keys, TestKeys.jwks(TestKeys.RSA_A))
          .serve(
              "https://login.microsoftonline.com/" + TENANT + "/discovery/keys",
              TestKeys.jwks(TestKeys.RSA_B));
    }

    private Jwt v2Token() {
      return Jwt.token(V2_ISSUER, CLIENT, f.clock.instant())
          .header("typ", "JWT")
          .claim("sub", "pairwise-sub")
          .claim("oid", "00000000-0000-0000-66f3-3332eca7ea81")
          .claim("tid", TENANT)
          .claim("azp", "a-client-app")
          .claim("ver", "2.0")
          .claim("roles", List.of("Device.Publish", "Device.Subscribe"))
          .claim("email", "admin-set@acme.com");
    }

    @Test
    void v2AccessTokenUsesOidAndRolesAndIgnoresUnverifiedEmail() {
      Verified verified = assertVerified(verify(v2Token().sign(TestKeys.RSA_A, "RS256"), v2));
      assertThat(verified.subject()).isEqualTo("00000000-0000-0000-66f3-3332eca7ea81");
      assertThat(verified.bindings())
          .containsEntry("role", List.of("Device.Publish", "Device.Subscribe"))
          .containsEntry("agent_id", List.of("a-client-app"))
          .doesNotContainKey("email");
      Verified withEdov =
          assertVerified(
              verify(v2Token().claim("xms_edov", true).sign(TestKeys.RSA_A, "RS256"), v2));
      assertThat(withEdov.bindings()).containsEntry("email", List.of("admin-set@acme.com"));
    }

    @Test
    void v1TokenWithTrailingSlashIssuerAndAppIdUriAudience() {
      Jwt v1Token =
          Jwt.token(V1_ISSUER, "api://mqtt.acme.com", f.clock.instant())
              .header("typ", "JWT")
              .header("x5t", "thumbprint")
              .claim("oid", "00000000-0000-0000-66f3-3332eca7ea81")
              .claim("tid", TENANT)
              .claim("appid", "a-client-app")
              .claim("ver", "1.0");
      Verified verified = assertVerified(verify(v1Token.sign(TestKeys.RSA_B, "RS256"), v1));
      assertThat(verified.bindings()).containsEntry("agent_id", List.of("a-client-app"));
      String noSlash =
          v1Token.claim("iss", "https://sts.windows.net/" + TENANT).sign(TestKeys.RSA_B, "RS256");
      assertRefused(verify(noSlash, v1), AuthFailure.UNKNOWN_ISSUER, noSlash);
    }

    @Test
    void tenantMismatchAndGraphTokensAreRefused() {
      String otherTid =
          v2Token()
              .claim("tid", "11111111-2222-3333-4444-555555555555")
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(otherTid, v2), AuthFailure.UNKNOWN_ISSUER, otherTid);
      String graph =
          v2Token()
              .claim("aud", "00000003-0000-0000-c000-000000000000")
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(graph, v2), AuthFailure.WRONG_AUDIENCE, graph);
    }
  }

  @Nested
  class Keycloak {
    private static final String ISSUER = "https://sso.acme.com/realms/acme";
    private final IdpConnection connection =
        Preset.KEYCLOAK.connection(
            "idp_kc",
            "org_a",
            Map.of(
                "base_url", "https://sso.acme.com", "realm", "acme", "client_id", "mqtt-devices"));

    Keycloak() {
      f.idp
          .discovery(
              ISSUER + "/.well-known/openid-configuration",
              ISSUER,
              ISSUER + "/protocol/openid-connect/certs")
          .serve(
              ISSUER + "/protocol/openid-connect/certs",
              TestKeys.jwks(TestKeys.RSA_A, TestKeys.EC_A));
    }

    private Jwt accessToken() {
      return Jwt.token(ISSUER, "account", f.clock.instant())
          .header("typ", "JWT")
          .claim("typ", "Bearer")
          .claim("azp", "mqtt-devices")
          .claim("sid", "kc-session")
          .claim("exp", now() + 300)
          .claim("realm_access", Map.of("roles", List.of("offline_access", "device")))
          .claim("resource_access", Map.of("account", Map.of("roles", List.of("view-profile"))))
          .claim("email", "dev@acme.com")
          .claim("email_verified", true);
    }

    @Test
    void realmRolesFromANestedClaim() {
      Verified verified =
          assertVerified(verify(accessToken().sign(TestKeys.RSA_A, "RS256"), connection));
      assertThat(verified.bindings())
          .containsEntry("role", List.of("offline_access", "device"))
          .containsEntry("session_id", List.of("kc-session"))
          .containsEntry("email", List.of("dev@acme.com"));
      assertThat(Preset.KEYCLOAK.warnings()).isNotEmpty();
      IdpConnection clientRoles =
          connection.toBuilder().claimMapping("role", "resource_access.account.roles").build();
      assertThat(
              assertVerified(verify(accessToken().sign(TestKeys.EC_A, "ES256"), clientRoles))
                  .bindings())
          .containsEntry("role", List.of("view-profile"));
    }

    @Test
    void refreshAndIdTokensAndOtherClientsAreRefused() {
      for (String typ : List.of("Refresh", "ID", "Offline")) {
        String token = accessToken().claim("typ", typ).sign(TestKeys.RSA_A, "RS256");
        assertRefused(verify(token, connection), AuthFailure.WRONG_AUDIENCE, token);
      }
      String otherClient = accessToken().claim("azp", "web-app").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(otherClient, connection), AuthFailure.WRONG_AUDIENCE, otherClient);
    }
  }

  @Nested
  class Okta {
    private static final String ISSUER = "https://acme.okta.com/oauth2/default";
    private final IdpConnection connection =
        Preset.OKTA.connection("idp_okta", "org_a", Map.of("okta_domain", "acme.okta.com"));

    Okta() {
      f.idp
          .discovery(ISSUER + "/.well-known/openid-configuration", ISSUER, ISSUER + "/v1/keys")
          .serve(
              ISSUER + "/v1/keys",
              TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B),
              "max-age=1, must-revalidate");
    }

    @Test
    void accessTokenIdentityComesFromUid() {
      String token =
          Jwt.token(ISSUER, "api://default", f.clock.instant())
              .claim("sub", "alice@acme.com")
              .claim("uid", "00u1abcd2EFGH3ijk4x7")
              .claim("cid", "0oa1client")
              .claim("ver", 1)
              .claim("scp", List.of("openid", "mqtt"))
              .claim("groups", List.of("Everyone", "Devices"))
              .sign(TestKeys.RSA_B, "RS256");
      Verified verified = assertVerified(verify(token, connection));
      assertThat(verified.subject()).isEqualTo("00u1abcd2EFGH3ijk4x7");
      assertThat(verified.bindings()).containsEntry("role", List.of("Everyone", "Devices"));
    }

    @Test
    void orgAuthorizationServerTokensAreNotForThirdParties() {
      String token =
          Jwt.token("https://acme.okta.com", "api://default", f.clock.instant())
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(token, connection), AuthFailure.UNKNOWN_ISSUER, token);
    }
  }

  @Nested
  class Google {
    private static final String CLIENT = "1234567890-abc.apps.googleusercontent.com";
    private final IdpConnection connection =
        Preset.GOOGLE.connection(
            "idp_g", "org_a", Map.of("client_id", CLIENT, "hosted_domain", "acme.com"));

    Google() {
      f.idp
          .discovery(
              "https://accounts.google.com/.well-known/openid-configuration",
              "https://accounts.google.com",
              "https://www.googleapis.com/oauth2/v3/certs")
          .serve(
              "https://www.googleapis.com/oauth2/v3/certs",
              TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B));
    }

    private Jwt idToken(String issuer) {
      return Jwt.token(issuer, CLIENT, f.clock.instant())
          .claim("sub", "110169484474386276334")
          .claim("azp", CLIENT)
          .claim("hd", "acme.com")
          .claim("email", "alice@acme.com")
          .claim("email_verified", true);
    }

    @Test
    void bothIssuerFormsAreAccepted() {
      for (String issuer : List.of("https://accounts.google.com", "accounts.google.com")) {
        Verified verified =
            assertVerified(verify(idToken(issuer).sign(TestKeys.RSA_A, "RS256"), connection));
        assertThat(verified.bindings()).containsEntry("email", List.of("alice@acme.com"));
      }
    }

    @Test
    void anotherClientOrWorkspaceIsRefused() {
      String otherClient =
          idToken("https://accounts.google.com")
              .claim("aud", "999-other.apps.googleusercontent.com")
              .sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(otherClient, connection), AuthFailure.WRONG_AUDIENCE, otherClient);
      String consumer =
          idToken("https://accounts.google.com").without("hd").sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(consumer, connection), AuthFailure.WRONG_AUDIENCE, consumer);
    }

    @Test // VR-50: a shared issuer is disambiguated by aud, never by trying every org's keys
    void twoOrganizationsOnGoogleAreSeparatedByAudience() {
      IdpConnection orgB =
          Preset.GOOGLE.connection(
              "idp_g_b", "org_b", Map.of("client_id", "555-b.apps.googleusercontent.com"));
      String orgAToken = idToken("https://accounts.google.com").sign(TestKeys.RSA_A, "RS256");
      assertRefused(
          f.verifier.verify(orgAToken, List.of(orgB)).join(),
          AuthFailure.WRONG_AUDIENCE,
          orgAToken);
      assertVerified(f.verifier.verify(orgAToken, List.of(orgB, connection)).join());
    }
  }

  @Nested
  class GenericOidc {
    @Test
    void es256AndEdDsaThroughDiscovery() {
      var ed = TestKeys.ed25519("ed-1");
      f.idp
          .discovery(
              "https://idp.acme.com/.well-known/openid-configuration",
              "https://idp.acme.com",
              "https://idp.acme.com/keys")
          .serve("https://idp.acme.com/keys", TestKeys.jwks(TestKeys.EC_A, ed));
      IdpConnection connection =
          Preset.GENERIC_OIDC.connection(
              "idp_gen",
              "org_a",
              Map.of(
                  "issuer",
                  "https://idp.acme.com",
                  "audience",
                  "mqtt",
                  "algorithms",
                  "ES256, EdDSA"));
      Jwt token =
          Jwt.token("https://idp.acme.com", "mqtt", f.clock.instant())
              .claim("roles", List.of("a", "b"));
      assertThat(assertVerified(verify(token.sign(TestKeys.EC_A, "ES256"), connection)).bindings())
          .containsEntry("role", List.of("a", "b"));
      assertVerified(
          verify(
              Jwt.token("https://idp.acme.com", "mqtt", f.clock.instant()).sign(ed, "EdDSA"),
              connection));
    }
  }
}
