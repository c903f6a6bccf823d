package io.aviary.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.aviary.identity.Preset;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class IdpConnectionTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-supabase";

  @Test
  void createReadUpdateDelete() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/idps";
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Production Auth0");
    body.put("preset", "auth0");
    body.put("issuer", "https://acme.eu.auth0.com/");
    body.put("audience", "https://mqtt.acme.example");
    body.put("claim_mappings", Map.of("user_id", "sub", "agent_id", "https://acme/agent_id"));
    body.put("required_claims", Map.of("gty", List.of("client-credentials")));
    Response created =
        TestApi.as(org.token())
            .body(body)
            .post(base)
            .then()
            .statusCode(201)
            .body("preset", equalTo("auth0"))
            .body("issuers", equalTo(List.of("https://acme.eu.auth0.com/")))
            .body("issuer", equalTo("https://acme.eu.auth0.com/"))
            .body("audiences", equalTo(List.of("https://mqtt.acme.example")))
            .body("algorithms", equalTo(List.of("RS256")))
            .body(
                "discovery_url",
                equalTo("https://acme.eu.auth0.com/.well-known/openid-configuration"))
            .body("claim_mappings.agent_id", equalTo("https://acme/agent_id"))
            .body("required_claims.gty", equalTo(List.of("client-credentials")))
            .body("clock_skew_seconds", equalTo(60))
            .body("enabled", equalTo(true))
            .body("hs256_secret_set", equalTo(false))
            .extract()
            .response();
    String id = created.path("id");
    assertThat(id).matches("idp_[a-z2-7]{12}");

    TestApi.as(org.token()).get(base).then().statusCode(200).body("id", hasItem(id));
    body.put("enabled", false);
    body.put("jwks_url", "https://acme.eu.auth0.com/.well-known/jwks.json");
    TestApi.as(org.token())
        .body(body)
        .put(base + "/" + id)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("jwks_url", equalTo("https://acme.eu.auth0.com/.well-known/jwks.json"));
    TestApi.as(org.token())
        .get(base + "/" + id)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false));
    TestApi.as(org.token()).delete(base + "/" + id).then().statusCode(204);
    TestApi.as(org.token()).get(base + "/" + id).then().statusCode(404);
    TestApi.as(org.token()).get(base).then().body("id", not(hasItem(id)));
  }

  @Test
  void urlsMustBeHttpsOutsideDevMode() {
    TestApi.Org org = TestApi.signup();
    TestApi.as(org.token())
        .body(
            Map.of(
                "name", "plain",
                "issuer", "http://idp.example",
                "jwks_url", "http://idp.example/jwks",
                "discovery_url", "ftp://idp.example/.well-known/openid-configuration"))
        .post("/api/v1/orgs/" + org.orgId() + "/idps")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.pointer", hasItems("/jwks_url", "/discovery_url"))
        .body("errors.detail", hasItem("must be an https URL"));
  }

  @Test
  void hs256SecretIsWriteOnly() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/idps";
    Map<String, Object> body = TestApi.supabaseHs256Idp("Supabase legacy", SECRET);
    Response created =
        TestApi.as(org.token()).body(body).post(base).then().statusCode(201).extract().response();
    assertThat(created.asString()).doesNotContain(SECRET);
    assertThat((Boolean) created.path("hs256_secret_set")).isTrue();
    Map<String, Object> json = created.path("");
    assertThat(json).doesNotContainKey("hs256_secret");
    String id = created.path("id");

    // Updating without the secret keeps it.
    Map<String, Object> update = new HashMap<>(body);
    update.remove("hs256_secret");
    update.put("name", "Supabase (legacy)");
    String updated =
        TestApi.as(org.token())
            .body(update)
            .put(base + "/" + id)
            .then()
            .statusCode(200)
            .body("hs256_secret_set", equalTo(true))
            .body("$", not(hasKey("hs256_secret")))
            .extract()
            .asString();
    assertThat(updated).doesNotContain(SECRET);
    String listed = TestApi.as(org.token()).get(base).then().extract().asString();
    assertThat(listed).doesNotContain(SECRET).doesNotContain("hs256_secret\"");
  }

  @Test
  void algorithmRulesAreEnforced() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/idps";
    TestApi.as(org.token())
        .body(
            Map.of(
                "name",
                "mixed",
                "issuer",
                "https://idp.example",
                "algorithms",
                List.of("HS256", "RS256"),
                "hs256_secret",
                SECRET))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItem("/algorithms"));
    TestApi.as(org.token())
        .body(
            Map.of(
                "name", "short secret",
                "issuer", "https://idp.example",
                "algorithms", List.of("HS256"),
                "hs256_secret", "too-short"))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/hs256_secret"));
    TestApi.as(org.token())
        .body(
            Map.of(
                "name", "none",
                "issuer", "https://idp.example",
                "algorithms", List.of("RS256", "none")))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/algorithms/1"));
  }

  @Test
  void everyInvalidFieldIsReportedWithItsPointer() {
    TestApi.Org org = TestApi.signup();
    Map<String, Object> body = new HashMap<>();
    body.put("name", "");
    body.put("preset", "nope");
    body.put("issuers", List.of());
    body.put("claim_mappings", Map.of("User", "sub", "a/b", "x"));
    body.put("clock_skew_seconds", 301);
    TestApi.as(org.token())
        .body(body)
        .post("/api/v1/orgs/" + org.orgId() + "/idps")
        .then()
        .statusCode(400)
        .body(
            "errors.pointer",
            hasItems(
                "/name",
                "/preset",
                "/issuers",
                "/claim_mappings/User",
                "/claim_mappings/a~1b",
                "/clock_skew_seconds"));
  }

  @Test
  void presetsComeFromTheIdentityModule() {
    TestApi.Org org = TestApi.signup();
    Response presets =
        TestApi.as(org.token())
            .get("/api/v1/idp-presets")
            .then()
            .statusCode(200)
            .body(
                "find { it.code == 'auth0' }.fields.name",
                equalTo(List.of("domain", "audience", "custom_domain", "claim_namespace")))
            .body("find { it.code == 'auth0' }.display_name", equalTo("Auth0"))
            .body("find { it.code == 'auth0' }.fields[0].label", equalTo("Auth0 domain"))
            .body("find { it.code == 'auth0' }.fields[0].required", equalTo(true))
            .body("find { it.code == 'auth0' }.fields[0].example", equalTo("acme.eu.auth0.com"))
            .body("find { it.code == 'auth0' }.fields[0].help", not(equalTo(null)))
            .body("find { it.code == 'auth0' }.fields[2].required", equalTo(false))
            .body("find { it.code == 'auth0' }.warnings", hasSize(1))
            .body("find { it.code == 'google' }.warnings[0]", containsString("Google account"))
            .extract()
            .response();
    List<String> codes = presets.path("code");
    assertThat(codes)
        .containsExactlyElementsOf(Arrays.stream(Preset.values()).map(Preset::code).toList());
  }

  @Test
  void aConnectionFromPresetInputsWithOverrides() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/idps";
    Map<String, Object> body =
        Map.of(
            "preset",
            "auth0",
            "inputs",
            Map.of("domain", "acme.eu.auth0.com", "audience", "https://mqtt.acme.com"));
    TestApi.as(org.token())
        .body(body)
        .post(base)
        .then()
        .statusCode(201)
        .body("name", equalTo("Auth0"))
        .body("preset", equalTo("auth0"))
        .body("issuers", equalTo(List.of("https://acme.eu.auth0.com/")))
        .body("audiences", equalTo(List.of("https://mqtt.acme.com")))
        .body("algorithms", equalTo(List.of("RS256")))
        .body(
            "discovery_url", equalTo("https://acme.eu.auth0.com/.well-known/openid-configuration"))
        .body("jwks_url", equalTo(null))
        .body("claim_mappings.user_id", equalTo("sub"))
        .body("claim_mappings.session_id", equalTo("sid"))
        .body("claim_mappings.role", equalTo("permissions"))
        .body("accepted_types", equalTo(List.of("", "JWT", "at+jwt")))
        .body("clock_skew_seconds", equalTo(60))
        .body("enabled", equalTo(true));

    // Every field stays editable: explicit fields win over the preset's.
    Map<String, Object> edited = new HashMap<>(body);
    edited.put("name", "Auth0 (EU, namespaced)");
    edited.put(
        "inputs",
        Map.of(
            "domain",
            "acme.eu.auth0.com",
            "audience",
            "https://mqtt.acme.com",
            "claim_namespace",
            "https://acme.com/"));
    edited.put("audiences", List.of("https://mqtt.acme.com", "https://mqtt-eu.acme.com"));
    edited.put("clock_skew_seconds", 15);
    edited.put("required_claims", Map.of("gty", List.of("client-credentials")));
    TestApi.as(org.token())
        .body(edited)
        .post(base)
        .then()
        .statusCode(201)
        .body("name", equalTo("Auth0 (EU, namespaced)"))
        .body("audiences", equalTo(List.of("https://mqtt.acme.com", "https://mqtt-eu.acme.com")))
        .body("claim_mappings.role", equalTo("https://acme.com/roles"))
        .body("clock_skew_seconds", equalTo(15))
        .body("required_claims.gty", equalTo(List.of("client-credentials")))
        .body("issuers", equalTo(List.of("https://acme.eu.auth0.com/")));
  }

  @Test
  void aPresetInputTheProviderRefusesIsA400AtItsPointer() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/idps";
    TestApi.as(org.token())
        .body(
            Map.of(
                "preset",
                "auth0",
                "inputs",
                Map.of("domain", "https://acme eu/", "audience", "https://mqtt.acme.com")))
        .post(base)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:validation_failed"))
        .body("errors.pointer", equalTo(List.of("/inputs/domain")))
        .body("errors[0].detail", containsString("host name"));
    TestApi.as(org.token())
        .body(Map.of("preset", "auth0", "inputs", Map.of("domain", "acme.eu.auth0.com")))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors.pointer", equalTo(List.of("/inputs/audience")));
    // Outside dev mode a preset may not build an http URL either.
    TestApi.as(org.token())
        .body(
            Map.of(
                "preset",
                "keycloak",
                "inputs",
                Map.of("base_url", "http://kc.internal", "realm", "acme", "client_id", "mqtt")))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors.pointer", equalTo(List.of("/inputs/base_url")));
    TestApi.as(org.token()).get(base).then().body("$", hasSize(0));
  }

  @Test
  void anHs256TokenIsTestedWithoutTheNetwork() throws JoseException {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/idps";
    String id =
        TestApi.as(org.token())
            .body(
                Map.of(
                    "preset",
                    "supabase_hs256",
                    "inputs",
                    Map.of("project_ref", "abcdefghijklmnopqrst", "jwt_secret", SECRET)))
            .post(base)
            .then()
            .statusCode(201)
            .body("hs256_secret_set", equalTo(true))
            .body("algorithms", equalTo(List.of("HS256")))
            .extract()
            .path("id");
    TestApi.as(org.token())
        .post(base + "/" + id + "/test")
        .then()
        .statusCode(200)
        .body("ok", equalTo(true))
        .body("keys", hasSize(0))
        .body("problems", hasSize(0));

    JwtClaims claims = new JwtClaims();
    claims.setIssuer("https://abcdefghijklmnopqrst.supabase.co/auth/v1");
    claims.setAudience("authenticated");
    claims.setSubject("user-1");
    claims.setClaim("role", "authenticated");
    claims.setClaim("email", "u1@acme.com");
    claims.setClaim("app_metadata", Map.of("role", "operator"));
    claims.setExpirationTimeMinutesInTheFuture(10);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    jws.setKey(new HmacKey(SECRET.getBytes(StandardCharsets.UTF_8)));
    String token = jws.getCompactSerialization();

    String result =
        TestApi.as(org.token())
            .body(Map.of("token", token))
            .post(base + "/test-token")
            .then()
            .statusCode(200)
            .body("verified", equalTo(true))
            .body("connection_id", equalTo(id))
            .body("subject", equalTo("user-1"))
            .body("bindings.user_id", equalTo(List.of("user-1")))
            .body("bindings.email", equalTo(List.of("u1@acme.com")))
            .body("bindings.role", equalTo(List.of("operator")))
            .body("bindings.org_id", equalTo(List.of(org.orgId())))
            .body("$", not(hasKey("reason")))
            .extract()
            .asString();
    assertThat(result).doesNotContain(token).doesNotContain(SECRET);

    TestApi.as(org.token())
        .body(Map.of("token", "not-a-jwt"))
        .post(base + "/test-token")
        .then()
        .statusCode(200)
        .body("verified", equalTo(false))
        .body("reason", equalTo("malformed"))
        .body("$", not(hasKey("bindings")));
    TestApi.as(org.token())
        .body(Map.of("token", token, "idp_id", "idp_aaaaaaaaaaaa"))
        .post(base + "/test-token")
        .then()
        .statusCode(400)
        .body("errors.pointer", equalTo(List.of("/idp_id")));
    TestApi.as(org.token())
        .body(Map.of("token", ""))
        .post(base + "/test-token")
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItem("/token"));
  }
}
