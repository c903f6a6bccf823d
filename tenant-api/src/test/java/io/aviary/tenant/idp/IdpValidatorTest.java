package io.aviary.tenant.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aviary.identity.Preset;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class IdpValidatorTest {

  private static final String SECRET = "s".repeat(32);
  private static final String ID = "idp_aaaaaaaaaaaa";
  private static final String ORG = "org_aaaaaaaaaaaa";
  private static final Map<String, String> AUTH0 =
      Map.of("domain", "acme.eu.auth0.com", "audience", "https://mqtt.acme.com");

  private final IdpValidator production = new IdpValidator(false);
  private final IdpValidator dev = new IdpValidator(true);

  @Test
  void aPresetBuildsTheConnectionFromItsInputs() {
    IdpSettings s = production.validate(ID, ORG, Builder.preset("auth0", AUTH0).build(), null);
    assertThat(s.name()).isEqualTo("Auth0");
    assertThat(s.preset()).isEqualTo("auth0");
    assertThat(s.issuers()).containsExactly("https://acme.eu.auth0.com/");
    assertThat(s.audiences()).containsExactly("https://mqtt.acme.com");
    assertThat(s.algorithms()).containsExactly("RS256");
    assertThat(s.discoveryUrl())
        .isEqualTo("https://acme.eu.auth0.com/.well-known/openid-configuration");
    assertThat(s.jwksUrl()).isNull();
    assertThat(s.claimMappings())
        .containsEntry("user_id", "sub")
        .containsEntry("session_id", "sid")
        .containsEntry("role", "permissions");
    assertThat(s.acceptedTypes()).containsExactly("", "JWT", "at+jwt");
    assertThat(s.clockSkewSeconds()).isEqualTo(60);
    assertThat(s.enabled()).isTrue();
    // Exactly what the identity module's preset makes of the same inputs.
    assertThat(s.connection(ID, ORG).validate()).isEmpty();
    assertThat(s.connection(ID, ORG))
        .isEqualTo(
            Preset.AUTH0.connection(ID, ORG, AUTH0).toBuilder()
                .clockSkew(Duration.ofSeconds(60))
                .build());
  }

  @Test
  void explicitFieldsOverrideWhatThePresetFilledIn() {
    IdpRequest r =
        Builder.preset("auth0", AUTH0)
            .name("Auth0 EU")
            .claimMappings(Map.of("user_id", "sub", "role", "https://acme.com/roles"))
            .jwksUrl("https://acme.eu.auth0.com/.well-known/jwks.json")
            .clockSkew(10)
            .enabled(false)
            .build();
    IdpSettings s = production.validate(ID, ORG, r, null);
    assertThat(s.name()).isEqualTo("Auth0 EU");
    assertThat(s.claimMappings())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("user_id", "sub", "role", "https://acme.com/roles"));
    assertThat(s.jwksUrl()).isEqualTo("https://acme.eu.auth0.com/.well-known/jwks.json");
    assertThat(s.discoveryUrl())
        .isEqualTo("https://acme.eu.auth0.com/.well-known/openid-configuration");
    assertThat(s.clockSkewSeconds()).isEqualTo(10);
    assertThat(s.enabled()).isFalse();
    assertThat(s.issuers()).containsExactly("https://acme.eu.auth0.com/");
  }

  @Test
  void presetInputProblemsPointIntoInputs() {
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.preset(
                                "auth0", Map.of("domain", "not a host", "audience", "https://a"))
                            .build(),
                        null)))
        .containsExactly("/inputs/domain");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.preset("auth0", Map.of("domain", "acme.eu.auth0.com")).build(),
                        null)))
        .containsExactly("/inputs/audience");
    Map<String, String> typo = new LinkedHashMap<>(AUTH0);
    typo.put("domian", "x");
    assertThat(
            pointers(
                () -> production.validate(ID, ORG, Builder.preset("auth0", typo).build(), null)))
        .containsExactly("/inputs/domian");
    assertThat(
            pointers(
                () -> production.validate(ID, ORG, Builder.preset("nope", Map.of()).build(), null)))
        .containsExactly("/preset");
  }

  @Test
  void aPresetsHttpUrlIsRefusedOutsideDevModeAtTheInputItCameFrom() {
    Map<String, String> keycloak =
        Map.of("base_url", "http://kc.internal:8080", "realm", "acme", "client_id", "mqtt");
    IdpRequest r = Builder.preset("keycloak", keycloak).build();
    assertThat(pointers(() -> production.validate(ID, ORG, r, null)))
        .containsExactly("/inputs/base_url");
    assertThat(dev.validate(ID, ORG, r, null).discoveryUrl())
        .isEqualTo("http://kc.internal:8080/realms/acme/.well-known/openid-configuration");
  }

  @Test
  void withoutInputsTheFieldsAreTheConnection() {
    IdpSettings s =
        production.validate(
            ID, ORG, Builder.explicit("cognito", "https://cognito.example/pool").build(), null);
    assertThat(s.name()).isEqualTo("Amazon Cognito (access tokens)");
    assertThat(s.algorithms()).containsExactly("RS256");
    assertThat(s.claimMappings()).isEmpty();
    assertThat(s.requiredClaims()).isEmpty();
    assertThat(s.discoveryUrl())
        .isEqualTo("https://cognito.example/pool/.well-known/openid-configuration");
    assertThat(s.clockSkewSeconds()).isEqualTo(60);
    assertThat(
            production
                .validate(ID, ORG, Builder.explicit(null, "https://idp.example").build(), null)
                .preset())
        .isEqualTo("generic_oidc");
  }

  @Test
  void issuersThatAreNotUrlsNeedAKeySource() {
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID, ORG, Builder.explicit("google", "accounts.google.com").build(), null)))
        .containsExactly("/jwks_url");
    IdpSettings s =
        production.validate(
            ID,
            ORG,
            Builder.explicit("google", "accounts.google.com")
                .jwksUrl("https://www.googleapis.com/oauth2/v3/certs")
                .build(),
            null);
    assertThat(s.discoveryUrl()).isNull();
  }

  @Test
  void httpOnlyInDevMode() {
    IdpRequest r = Builder.explicit("generic_oidc", "http://localhost:8180/realms/dev").build();
    assertThat(pointers(() -> production.validate(ID, ORG, r, null))).containsExactly("/jwks_url");
    assertThat(dev.validate(ID, ORG, r, null).discoveryUrl())
        .isEqualTo("http://localhost:8180/realms/dev/.well-known/openid-configuration");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("generic_oidc", "x")
                            .jwksUrl("https://u:p@idp.example/k#f")
                            .build(),
                        null)))
        .containsExactly("/jwks_url");
  }

  @Test
  void hmacRules() {
    IdpRequest hs256 =
        Builder.explicit("supabase", "https://x.supabase.co/auth/v1")
            .algorithms("HS256")
            .secret(SECRET)
            .build();
    IdpSettings s = production.validate(ID, ORG, hs256, null);
    assertThat(s.hs256Secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(s.discoveryUrl()).isNull();
    // An update without a secret keeps the stored one.
    byte[] stored = "t".repeat(40).getBytes(StandardCharsets.UTF_8);
    IdpRequest noSecret =
        Builder.explicit("supabase", "https://x.supabase.co/auth/v1").algorithms("HS256").build();
    assertThat(production.validate(ID, ORG, noSecret, stored).hs256Secret()).isEqualTo(stored);
    assertThat(pointers(() -> production.validate(ID, ORG, noSecret, null)))
        .containsExactly("/hs256_secret");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("supabase", "i")
                            .algorithms("HS256")
                            .secret("s".repeat(31))
                            .build(),
                        null)))
        .containsExactly("/hs256_secret");
    // HS512 needs a 64-byte secret (the identity module's rule).
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("supabase", "i")
                            .algorithms("HS512")
                            .secret(SECRET)
                            .build(),
                        null)))
        .containsExactly("/hs256_secret");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("auth0", "https://a/")
                            .algorithms("RS256")
                            .secret(SECRET)
                            .build(),
                        null)))
        .containsExactly("/hs256_secret");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("supabase", "https://x/")
                            .algorithms("ES256", "HS256")
                            .secret(SECRET)
                            .build(),
                        null)))
        .containsExactly("/algorithms");
    // Switching away from HMAC drops the stored secret.
    assertThat(
            production
                .validate(
                    ID,
                    ORG,
                    Builder.explicit("auth0", "https://a/").algorithms("RS256").build(),
                    stored)
                .hs256Secret())
        .isNull();
    // The legacy Supabase preset takes the secret as an input.
    IdpSettings legacy =
        production.validate(
            ID,
            ORG,
            Builder.preset(
                    "supabase_hs256",
                    Map.of("project_ref", "abcdefghijklmnopqrst", "jwt_secret", SECRET))
                .build(),
            null);
    assertThat(legacy.algorithms()).containsExactly("HS256");
    assertThat(legacy.hs256Secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void algorithmAllowListIsTheIdentityModules() {
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("auth0", "https://a/")
                            .algorithms("RS256", "none", "RS256", "RS1")
                            .build(),
                        null)))
        .containsExactlyInAnyOrder("/algorithms/1", "/algorithms/2", "/algorithms/3");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("auth0", "https://a/").algorithms().build(),
                        null)))
        .containsExactly("/algorithms");
    assertThat(
            production
                .validate(
                    ID,
                    ORG,
                    Builder.explicit("auth0", "https://a/").algorithms("PS512", "EdDSA").build(),
                    null)
                .algorithms())
        .containsExactly("PS512", "EdDSA");
  }

  @Test
  void claimMappingNames() {
    IdpRequest r =
        Builder.explicit("auth0", "https://a/")
            .claimMappings(
                Map.of(
                    "agent_id",
                    "https://acme/agent",
                    "9lives",
                    "x",
                    "a".repeat(33),
                    "y",
                    "ok",
                    " ",
                    "org_id",
                    "tenant"))
            .build();
    assertThat(pointers(() -> production.validate(ID, ORG, r, null)))
        .containsExactlyInAnyOrder(
            "/claim_mappings/9lives",
            "/claim_mappings/" + "a".repeat(33),
            "/claim_mappings/ok",
            "/claim_mappings/org_id");
  }

  @Test
  void clockSkewIsBoundedByTheIdentityModule() {
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("auth0", "https://a/").clockSkew(301).build(),
                        null)))
        .containsExactly("/clock_skew_seconds");
    assertThat(
            pointers(
                () ->
                    production.validate(
                        ID,
                        ORG,
                        Builder.explicit("auth0", "https://a/").clockSkew(-1).build(),
                        null)))
        .containsExactly("/clock_skew_seconds");
  }

  @Test
  void issuerShorthandAndListAreExclusive() {
    IdpRequest r = Builder.explicit("auth0", "https://a/").issuers(List.of("https://b/")).build();
    assertThat(pointers(() -> production.validate(ID, ORG, r, null))).containsExactly("/issuer");
  }

  @Test
  void emptyRequiredClaimValuesOnlyRequirePresence() {
    IdpSettings s =
        production.validate(
            ID,
            ORG,
            Builder.explicit("auth0", "https://a/")
                .requiredClaims(Map.of("gty", List.of()))
                .build(),
            null);
    assertThat(s.connection(ID, ORG).requiredClaims()).containsEntry("gty", List.of());
  }

  private static List<String> pointers(ThrowingCallable call) {
    ProblemException e = catchThrowableOfType(ProblemException.class, call);
    assertThat(e).as("a validation problem").isNotNull();
    return e.problem().errors().stream().map(FieldError::pointer).toList();
  }

  /** Request bodies, field by field. */
  private static final class Builder {
    private final Map<String, Object> fields = new HashMap<>();

    static Builder preset(String preset, Map<String, String> inputs) {
      Builder b = new Builder();
      b.fields.put("preset", preset);
      b.fields.put("inputs", inputs);
      return b;
    }

    static Builder explicit(String preset, String issuer) {
      Builder b = new Builder();
      b.fields.put("preset", preset);
      b.fields.put("issuer", issuer);
      return b;
    }

    Builder name(String value) {
      fields.put("name", value);
      return this;
    }

    Builder issuers(List<String> value) {
      fields.put("issuers", value);
      return this;
    }

    Builder algorithms(String... value) {
      fields.put("algorithms", List.of(value));
      return this;
    }

    Builder secret(String value) {
      fields.put("secret", value);
      return this;
    }

    Builder jwksUrl(String value) {
      fields.put("jwks_url", value);
      return this;
    }

    Builder claimMappings(Map<String, String> value) {
      fields.put("claim_mappings", value);
      return this;
    }

    Builder requiredClaims(Map<String, List<String>> value) {
      fields.put("required_claims", value);
      return this;
    }

    Builder clockSkew(int value) {
      fields.put("skew", value);
      return this;
    }

    Builder enabled(boolean value) {
      fields.put("enabled", value);
      return this;
    }

    @SuppressWarnings("unchecked")
    IdpRequest build() {
      return new IdpRequest(
          (String) fields.get("name"),
          (String) fields.get("preset"),
          (Map<String, String>) fields.get("inputs"),
          (String) fields.get("issuer"),
          (List<String>) fields.get("issuers"),
          null,
          null,
          (List<String>) fields.get("algorithms"),
          null,
          (String) fields.get("jwks_url"),
          (String) fields.get("secret"),
          (Map<String, String>) fields.get("claim_mappings"),
          (Map<String, List<String>>) fields.get("required_claims"),
          null,
          null,
          (Integer) fields.get("skew"),
          (Boolean) fields.get("enabled"));
    }
  }
}
