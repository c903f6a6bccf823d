package io.aviary.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each preset fills in the provider's facts from idp-profiles.md and checks its inputs. */
class PresetTest {
  /** Example inputs for every preset, as the catalogue itself documents them. */
  private static Map<String, String> examples(Preset preset) {
    Map<String, String> inputs = new HashMap<>();
    for (PresetField field : preset.fields()) {
      if (field.required()) {
        inputs.put(field.name(), field.example());
      }
    }
    return inputs;
  }

  @ParameterizedTest
  @EnumSource(Preset.class)
  void everyPresetBuildsAValidConnectionFromItsOwnExamples(Preset preset) {
    IdpConnection connection = preset.connection("idp_x", "org_x", examples(preset));
    assertThat(connection.validate()).isEmpty();
    assertThat(connection.preset()).isEqualTo(preset.code());
    assertThat(connection.algorithms()).isNotEmpty().doesNotContain("none");
    assertThat(connection.claimMappings()).containsKey("user_id");
    assertThat(connection.acceptedTypes()).isNotEmpty();
    assertThat(Preset.byCode(preset.code())).contains(preset);
    if (connection.hmacSecret() == null) {
      URI keys = connection.jwksUrl() != null ? connection.jwksUrl() : connection.discoveryUrl();
      assertThat(keys.getScheme()).isEqualTo("https");
    }
  }

  @Test
  void catalogueListsEveryPresetWithFieldsForTheApi() {
    List<Preset.Description> catalogue = Preset.catalogue();
    assertThat(catalogue)
        .extracting(Preset.Description::code)
        .containsExactly(
            "auth0",
            "supabase",
            "supabase_hs256",
            "firebase",
            "clerk",
            "cognito",
            "cognito_id",
            "okta",
            "entra_v1",
            "entra_v2",
            "keycloak",
            "google",
            "generic_oidc");
    assertThat(catalogue).allSatisfy(d -> assertThat(d.fields()).anyMatch(PresetField::required));
    assertThat(catalogue)
        .filteredOn(d -> d.code().equals("clerk") || d.code().equals("keycloak"))
        .allSatisfy(d -> assertThat(d.warnings()).isNotEmpty());
    assertThat(Preset.byCode("nope")).isEmpty();
  }

  @Test
  void providerFactsAreFilledIn() {
    IdpConnection auth0 =
        Preset.AUTH0.connection(
            "a",
            "o",
            Map.of(
                "domain",
                "https://acme.auth0.com/",
                "audience",
                "api",
                "custom_domain",
                "login.acme.com"));
    assertThat(auth0.issuers())
        .containsExactly("https://acme.auth0.com/", "https://login.acme.com/");
    assertThat(auth0.discoveryUrl())
        .hasToString("https://acme.auth0.com/.well-known/openid-configuration");
    assertThat(auth0.claimMappings()).containsEntry("role", "permissions");

    IdpConnection supabase =
        Preset.SUPABASE.connection("s", "o", Map.of("project_ref", "abcdefghijklmnopqrst"));
    assertThat(supabase.issuers())
        .containsExactly("https://abcdefghijklmnopqrst.supabase.co/auth/v1");
    assertThat(supabase.jwksUrl())
        .hasToString("https://abcdefghijklmnopqrst.supabase.co/auth/v1/.well-known/jwks.json");
    assertThat(supabase.algorithms()).containsExactlyInAnyOrder("ES256", "RS256");
    assertThat(supabase.requiredClaims()).containsEntry("role", List.of("authenticated"));
    assertThat(supabase.audiences()).containsExactly("authenticated");

    IdpConnection cognito =
        Preset.COGNITO.connection(
            "c",
            "o",
            Map.of("region", "us-east-1", "user_pool_id", "us-east-1_Abc", "client_id", "cl1"));
    assertThat(cognito.issuers())
        .containsExactly("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc");
    assertThat(cognito.audiences()).isEmpty();
    assertThat(cognito.requiredClaims())
        .containsEntry("token_use", List.of("access"))
        .containsEntry("client_id", List.of("cl1"));

    IdpConnection entraV1 =
        Preset.ENTRA_V1.connection(
            "e",
            "o",
            Map.of(
                "tenant_id",
                "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
                "client_id",
                "6e74172b-be56-4843-9ff4-e66a39bb12e3"));
    assertThat(entraV1.issuers())
        .containsExactly("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/");

    IdpConnection keycloak =
        Preset.KEYCLOAK.connection(
            "k",
            "o",
            Map.of(
                "base_url",
                "https://sso.acme.com/auth/",
                "realm",
                "acme",
                "client_id",
                "mqtt",
                "additional_issuers",
                "http://keycloak:8080/auth/realms/acme"));
    assertThat(keycloak.issuers())
        .containsExactly(
            "https://sso.acme.com/auth/realms/acme", "http://keycloak:8080/auth/realms/acme");
    assertThat(keycloak.requiredClaims()).containsEntry("typ", List.of("Bearer"));
    assertThat(keycloak.authorizedParties()).containsExactly("mqtt");

    IdpConnection okta =
        Preset.OKTA.connection(
            "k", "o", Map.of("okta_domain", "acme.okta.com", "authorization_server_id", "aus1"));
    assertThat(okta.issuers()).containsExactly("https://acme.okta.com/oauth2/aus1");
    assertThat(okta.audiences()).containsExactly("api://default");

    IdpConnection google =
        Preset.GOOGLE.connection(
            "g",
            "o",
            Map.of("client_id", "a.apps.googleusercontent.com, b.apps.googleusercontent.com"));
    assertThat(google.issuers())
        .containsExactly("https://accounts.google.com", "accounts.google.com");
    assertThat(google.audiences())
        .containsExactly("a.apps.googleusercontent.com", "b.apps.googleusercontent.com");

    IdpConnection generic =
        Preset.GENERIC_OIDC.connection(
            "g", "o", Map.of("issuer", "https://idp.acme.com/", "audience", "mqtt"));
    assertThat(generic.issuers()).containsExactly("https://idp.acme.com/");
    assertThat(generic.discoveryUrl())
        .hasToString("https://idp.acme.com/.well-known/openid-configuration");
    // An agent's token names the agent in a claim of that name, which ACL rules use as {agent_id}.
    assertThat(generic.claimMappings())
        .containsEntry("user_id", "sub")
        .containsEntry("role", "roles")
        .containsEntry("agent_id", "agent_id");
  }

  @Test
  void legacySupabaseSecretEncodings() {
    byte[] raw = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    IdpConnection plain =
        Preset.SUPABASE_HS256.connection(
            "s",
            "o",
            Map.of("project_ref", "abc", "jwt_secret", new String(raw, StandardCharsets.UTF_8)));
    assertThat(plain.hmacSecret()).isEqualTo(raw);
    byte[] random = new byte[48];
    Arrays.fill(random, (byte) 7);
    IdpConnection base64 =
        Preset.SUPABASE_HS256.connection(
            "s",
            "o",
            Map.of(
                "project_ref",
                "abc",
                "jwt_secret",
                java.util.Base64.getEncoder().encodeToString(random),
                "secret_encoding",
                "base64"));
    assertThat(base64.hmacSecret()).isEqualTo(random);
    assertThat(base64.algorithms()).containsExactly("HS256");
    assertThat(base64.toString())
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(random));
  }

  @Test
  void badInputsNameTheirField() {
    record Case(Preset preset, Map<String, String> inputs, String field) {}
    for (Case c :
        List.of(
            new Case(Preset.AUTH0, Map.of("audience", "api"), "domain"),
            new Case(Preset.AUTH0, Map.of("domain", "not a host", "audience", "api"), "domain"),
            new Case(Preset.SUPABASE, Map.of("project_ref", "Bad.Ref"), "project_ref"),
            new Case(Preset.FIREBASE, Map.of("project_id", "X"), "project_id"),
            new Case(
                Preset.CLERK,
                Map.of("frontend_api_url", "ftp://clerk.acme.com"),
                "frontend_api_url"),
            new Case(
                Preset.COGNITO,
                Map.of("region", "eu-west-1", "user_pool_id", "us-east-1_Abc", "client_id", "c"),
                "user_pool_id"),
            new Case(
                Preset.ENTRA_V2,
                Map.of(
                    "tenant_id",
                    "contoso.onmicrosoft.com",
                    "client_id",
                    "6e74172b-be56-4843-9ff4-e66a39bb12e3"),
                "tenant_id"),
            new Case(
                Preset.KEYCLOAK,
                Map.of("base_url", "https://sso", "realm", "a/b", "client_id", "c"),
                "realm"),
            new Case(Preset.GOOGLE, Map.of("client_id", " "), "client_id"),
            new Case(
                Preset.GENERIC_OIDC,
                Map.of("issuer", "https://idp", "audience", "a", "algorithms", "HS256"),
                "algorithms"),
            new Case(Preset.GENERIC_OIDC, Map.of("issuer", "https://idp"), "audience"),
            new Case(
                Preset.SUPABASE_HS256,
                Map.of(
                    "project_ref", "abc", "jwt_secret", "x".repeat(40), "secret_encoding", "hex"),
                "secret_encoding"))) {
      assertThatThrownBy(() -> c.preset().connection("i", "o", c.inputs()))
          .as(c.preset() + " " + c.inputs())
          .isInstanceOfSatisfying(
              PresetInputException.class, e -> assertThat(e.field()).isEqualTo(c.field()))
          .hasMessageEndingWith(".");
    }
  }

  @Test
  void validateReportsEveryConfigurationProblem() {
    IdpConnection broken =
        IdpConnection.builder("", "org")
            .algorithms("none", "HS512", "RS256")
            .hmacSecret(new byte[32])
            .clockSkew(java.time.Duration.ofMinutes(10))
            .build();
    assertThat(broken.validate())
        .hasSize(6)
        .anyMatch(p -> p.contains("no id"))
        .anyMatch(p -> p.contains("issuer"))
        .anyMatch(p -> p.contains("'none'"))
        .anyMatch(p -> p.contains("HS512 needs a shared secret of at least 64 bytes"))
        .anyMatch(p -> p.contains("discovery URL or a JWKS URL"))
        .anyMatch(p -> p.contains("Clock skew"));
    assertThat(broken.effectiveClockSkew()).isEqualTo(IdpConnection.MAX_CLOCK_SKEW);
  }
}
