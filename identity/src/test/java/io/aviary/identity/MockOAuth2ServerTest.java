package io.aviary.identity;

import static io.aviary.identity.VerifierFixture.assertRefused;
import static io.aviary.identity.VerifierFixture.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Verified;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real OIDC provider (mock-oauth2-server on 127.0.0.1): discovery, JWKS and
 * RS256 tokens over HTTP with the production {@link HttpFetcher}, and key rotation through a key
 * provider whose signing key the test swaps.
 */
class MockOAuth2ServerTest {
  private static final String ISSUER_ID = "acme";

  /** Serves one signing key per server, replaceable at any time: the JWKS shows only it. */
  static final class RotatingKeyProvider extends KeyProvider {
    private volatile JWK current;

    RotatingKeyProvider(JWK initial) {
      this.current = initial;
    }

    void rotateTo(JWK next) {
      current = next;
    }

    @Override
    public JWK signingKey(String issuerId) {
      return current;
    }
  }

  private final RotatingKeyProvider keys = new RotatingKeyProvider(rsa("mock-k1"));
  private final MockOAuth2Server server =
      new MockOAuth2Server(
          new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
  private final MutableClock clock = new MutableClock(Instant.now());
  private final KeySetCache cache =
      KeySetCache.builder().clock(clock).allowInsecureHttp(true).build();
  private final TokenVerifier verifier =
      new TokenVerifier(
          cache, clock, TokenVerifier.DEFAULT_MAX_TOKEN_BYTES, IssuerDirectory.none());
  private IdpConnection connection;

  @BeforeEach
  void start() throws UnknownHostException {
    server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    connection =
        Preset.GENERIC_OIDC.connection(
            "idp_mock",
            "org_a",
            Map.of("issuer", server.issuerUrl(ISSUER_ID).toString(), "audience", "mqtt-broker"));
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  private static JWK rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private String issue(String subject, Map<String, Object> claims) {
    return server.issueToken(ISSUER_ID, subject, "mqtt-broker", claims, 3600).serialize();
  }

  @Test
  void discoveryJwksAndAnRs256TokenEndToEnd() {
    String token =
        issue("alice", Map.of("roles", List.of("publisher", "reader"), "email", "alice@acme.com"));
    Verified verified = assertVerified(verifier.verify(token, connection).join());
    assertThat(verified.subject()).isEqualTo("alice");
    assertThat(verified.bindings())
        .containsEntry("role", List.of("publisher", "reader"))
        .containsEntry("email", List.of("alice@acme.com"));
    assertThat(cache.fetchCount()).as("discovery + JWKS").isEqualTo(2);

    assertVerified(verifier.verify(issue("bob", Map.of()), connection).join());
    assertThat(cache.fetchCount()).as("cached: no network").isEqualTo(2);

    String otherAudience =
        server.issueToken(ISSUER_ID, "alice", "someone-else", Map.of(), 3600).serialize();
    assertRefused(
        verifier.verify(otherAudience, connection).join(),
        AuthFailure.WRONG_AUDIENCE,
        otherAudience);
    String otherIssuer =
        server.issueToken("other", "alice", "mqtt-broker", Map.of(), 3600).serialize();
    assertRefused(
        verifier.verify(otherIssuer, connection).join(), AuthFailure.UNKNOWN_ISSUER, otherIssuer);
  }

  @Test
  void rotationIsPickedUpAndTheRetiredKeyDropsAfterTheTtl() {
    String beforeRotation = issue("alice", Map.of());
    assertVerified(verifier.verify(beforeRotation, connection).join());
    long fetches = cache.fetchCount();

    keys.rotateTo(rsa("mock-k2"));
    String afterRotation = issue("alice", Map.of());
    assertThat(afterRotation).isNotEqualTo(beforeRotation);
    assertVerified(verifier.verify(afterRotation, connection).join());
    assertThat(cache.fetchCount()).as("one JWKS refetch for the new kid").isEqualTo(fetches + 1);
    assertThat(cache.cached(connection.id()).orElseThrow().kids()).contains("mock-k1", "mock-k2");

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertVerified(verifier.verify(afterRotation, connection).join());
    assertRefused(
        verifier.verify(beforeRotation, connection).join(),
        AuthFailure.UNKNOWN_KEY,
        beforeRotation);
    assertThat(cache.cached(connection.id()).orElseThrow().kids()).containsExactly("mock-k2");
  }

  @Test
  void theConnectionProbeReportsWhatTheProviderServes() {
    ProbeReport report = ConnectionProbe.like(cache).probe(connection).join();
    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.issuer()).isEqualTo(server.issuerUrl(ISSUER_ID).toString());
    assertThat(report.jwksUri()).hasToString(server.jwksUrl(ISSUER_ID).toString());
    assertThat(report.keys())
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.kid()).isEqualTo("mock-k1");
              assertThat(key.kty()).isEqualTo("RSA");
              assertThat(key.usable()).isTrue();
            });
    assertThat(report.supportedAlgorithms()).contains("RS256");
    assertThat(cache.fetchCount()).as("the probe bypasses the cache").isZero();
  }

  @Test
  void aStoppedProviderIsIdpUnreachable() {
    String token = issue("alice", Map.of());
    server.shutdown();
    assertRefused(verifier.verify(token, connection).join(), AuthFailure.IDP_UNREACHABLE, token);
    ProbeReport report = ConnectionProbe.like(cache).probe(connection).join();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .contains("discovery document at")
        .contains("could not be fetched");
  }
}
