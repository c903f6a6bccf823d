package io.aviary.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Test connection" and "test token" against a real OIDC provider: mock-oauth2-server on the
 * loopback address, serving discovery, JWKS and RS256 tokens over plain http, which dev mode lets
 * the tenant API store and fetch.
 */
@QuarkusTest
@TestProfile(IdpTestToolsTest.InsecureHttp.class)
@WithTestResource(PostgresResource.class)
class IdpTestToolsTest {

  private static final String ISSUER_ID = "acme";
  private static final String AUDIENCE = "mqtt-broker";

  /** Dev mode (http IdP URLs allowed and fetched), without demo seeding. */
  public static class InsecureHttp implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aviary.dev-mode", "true", "aviary.dev.seed-demo", "false");
    }
  }

  private static MockOAuth2Server server;

  @BeforeAll
  static void startProvider() {
    server = new MockOAuth2Server();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stopProvider() {
    server.shutdown();
  }

  private static String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** A generic OIDC connection to the mock provider, built from the preset's inputs. */
  private static String connect(TestApi.Org org, String name) {
    return TestApi.as(org.token())
        .body(
            Map.of(
                "name",
                name,
                "preset",
                "generic_oidc",
                "inputs",
                Map.of("issuer", issuer(), "audience", AUDIENCE)))
        .post("/api/v1/orgs/" + org.orgId() + "/idps")
        .then()
        .statusCode(201)
        .body("discovery_url", equalTo(issuer() + "/.well-known/openid-configuration"))
        .extract()
        .path("id");
  }

  private static Response testToken(TestApi.Org org, Map<String, String> body) {
    return TestApi.as(org.token())
        .body(body)
        .post("/api/v1/orgs/" + org.orgId() + "/idps/test-token")
        .then()
        .statusCode(200)
        .extract()
        .response();
  }

  @Test
  void testConnectionReportsWhatTheProviderServes() {
    TestApi.Org org = TestApi.signup();
    String id = connect(org, "mock");
    TestApi.as(org.token())
        .post("/api/v1/orgs/" + org.orgId() + "/idps/" + id + "/test")
        .then()
        .statusCode(200)
        .body("ok", equalTo(true))
        .body("issuer", equalTo(issuer()))
        .body("jwks_uri", equalTo(server.jwksUrl(ISSUER_ID).toString()))
        .body("keys", hasSize(1))
        .body("keys[0].kid", notNullValue())
        .body("keys[0].kty", equalTo("RSA"))
        .body("keys[0].usable", equalTo(true))
        .body("keys[0]", hasKey("alg"))
        .body("keys[0]", hasKey("note"))
        .body("supported_algorithms", hasItem("RS256"))
        .body("problems", hasSize(0));
  }

  @Test
  void aBrokenConnectionIsAResultNotAnError() {
    TestApi.Org org = TestApi.signup();
    // The discovery document of another issuer: it declares an issuer the connection does not list.
    String other = server.issuerUrl("other").toString();
    String id =
        TestApi.as(org.token())
            .body(
                Map.of(
                    "name",
                    "mismatched",
                    "issuer",
                    issuer(),
                    "discovery_url",
                    other + "/.well-known/openid-configuration"))
            .post("/api/v1/orgs/" + org.orgId() + "/idps")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    TestApi.as(org.token())
        .post("/api/v1/orgs/" + org.orgId() + "/idps/" + id + "/test")
        .then()
        .statusCode(200)
        .body("ok", equalTo(false))
        .body("issuer", equalTo(other))
        .body("problems[0]", containsString("not one of the connection's issuers"));
  }

  @Test
  void aProviderTokenIsVerifiedWithTheBrokersBindings() {
    TestApi.Org org = TestApi.signup();
    String id = connect(org, "mock");
    String token =
        server
            .issueToken(
                ISSUER_ID,
                "alice",
                AUDIENCE,
                Map.of("email", "alice@acme.com", "roles", List.of("publisher", "reader")),
                3600)
            .serialize();

    for (Map<String, String> body :
        List.of(Map.of("token", token), Map.of("token", token, "idp_id", id))) {
      Response r = testToken(org, body);
      assertThat(r.asString()).doesNotContain(token);
      assertThat((Boolean) r.path("verified")).isTrue();
      assertThat((String) r.path("connection_id")).isEqualTo(id);
      assertThat((String) r.path("subject")).isEqualTo("alice");
      assertThat(Instant.parse(r.path("expires_at"))).isAfter(Instant.now());
      Map<String, List<String>> bindings = r.path("bindings");
      assertThat(bindings)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "user_id", List.of("alice"),
                  "email", List.of("alice@acme.com"),
                  "role", List.of("publisher", "reader"),
                  "org_id", List.of(org.orgId())));
      assertThat(r.jsonPath().getMap("$")).doesNotContainKeys("reason", "detail");
    }
  }

  @Test
  void refusedTokensSayWhyWithAClosedSetReason() {
    TestApi.Org org = TestApi.signup();
    String id = connect(org, "mock");

    String expired = server.issueToken(ISSUER_ID, "alice", AUDIENCE, Map.of(), -3600).serialize();
    Response r = testToken(org, Map.of("token", expired));
    assertThat((Boolean) r.path("verified")).isFalse();
    assertThat((String) r.path("reason")).isEqualTo("expired");
    assertThat((String) r.path("detail")).isNotBlank();
    assertThat(r.asString()).doesNotContain(expired);
    assertThat(r.jsonPath().getMap("$")).doesNotContainKeys("bindings", "connection_id");

    String otherIssuer = server.issueToken("other", "alice", AUDIENCE, Map.of(), 3600).serialize();
    testToken(org, Map.of("token", otherIssuer))
        .then()
        .body("verified", equalTo(false))
        .body("reason", equalTo("unknown_issuer"));
    testToken(org, Map.of("token", otherIssuer, "idp_id", id))
        .then()
        .body("verified", equalTo(false))
        .body("reason", equalTo("unknown_issuer"));

    String otherAudience =
        server.issueToken(ISSUER_ID, "alice", "someone-else", Map.of(), 3600).serialize();
    testToken(org, Map.of("token", otherAudience))
        .then()
        .body("verified", equalTo(false))
        .body("reason", equalTo("wrong_audience"));

    // Another organization trusting the same issuer does not make this one's token valid there.
    TestApi.Org stranger = TestApi.signup();
    Response elsewhere =
        testToken(
            stranger,
            Map.of(
                "token",
                server.issueToken(ISSUER_ID, "alice", AUDIENCE, Map.of(), 3600).serialize()));
    assertThat((String) elsewhere.path("reason")).isEqualTo("unknown_issuer");
    assertThat(elsewhere.asString()).doesNotContain(org.orgId());
    TestApi.as(stranger.token())
        .body(Map.of("token", expired, "idp_id", id))
        .post("/api/v1/orgs/" + stranger.orgId() + "/idps/test-token")
        .then()
        .statusCode(400)
        .body("errors.pointer", equalTo(List.of("/idp_id")))
        .body("$", not(hasKey("verified")));
  }
}
