package io.aviary.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** "Test connection": what the probe reports for healthy and broken IdPs. */
class ConnectionProbeTest {
  private static final String DISCOVERY =
      "https://idp.example.com/.well-known/openid-configuration";
  private final FakeIdp idp = new FakeIdp();
  private final ConnectionProbe probe = new ConnectionProbe(idp, false, 512 * 1024);
  private final IdpConnection connection =
      VerifierFixture.connection().jwksUrl(null).discoveryUrl(URI.create(DISCOVERY)).build();

  @Test
  void aHealthyIdpReportsItsKeysAndAlgorithms() {
    idp.discovery(DISCOVERY, VerifierFixture.ISSUER, VerifierFixture.JWKS)
        .serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, TestKeys.EC_A));
    ProbeReport report = probe.probe(connection).join();
    assertThat(report.ok()).isTrue();
    assertThat(report.issuer()).isEqualTo(VerifierFixture.ISSUER);
    assertThat(report.jwksUri()).hasToString(VerifierFixture.JWKS);
    assertThat(report.supportedAlgorithms()).containsExactly("RS256", "ES256");
    assertThat(report.keys())
        .extracting(ProbeReport.Key::kid, ProbeReport.Key::kty, ProbeReport.Key::usable)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rsa-a", "RSA", true),
            org.assertj.core.groups.Tuple.tuple("ec-a", "EC", true));
  }

  @Test
  void problemsAreSentences() {
    idp.discovery(DISCOVERY, "https://idp.example.com/", VerifierFixture.JWKS)
        .serve(
            VerifierFixture.JWKS,
            "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"AAAA\"},"
                + TestKeys.EC_A.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)
                + "]}");
    ProbeReport report =
        probe.probe(connection.toBuilder().algorithms("RS256", "PS256").build()).join();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .anyMatch(p -> p.contains("declares issuer 'https://idp.example.com/'"))
        .anyMatch(p -> p.contains("accepts PS256 but the IdP advertises only"))
        .anyMatch(p -> p.contains("private key material"))
        .anyMatch(p -> p.contains("no key usable with [PS256, RS256]"))
        .allMatch(p -> p.endsWith("."));
    assertThat(report.keys())
        .filteredOn(k -> "h".equals(k.kid()))
        .singleElement()
        .satisfies(k -> assertThat(k.note()).contains("never used"));
  }

  @Test
  void unreachableAndInsecureEndpointsAreReported() {
    idp.status(DISCOVERY, 404);
    assertThat(probe.probe(connection).join().problems())
        .singleElement()
        .asString()
        .contains("HTTP 404");
    IdpConnection plain =
        connection.toBuilder()
            .discoveryUrl(null)
            .jwksUrl(URI.create("http://idp.example.com/jwks"))
            .build();
    assertThat(probe.probe(plain).join().problems())
        .singleElement()
        .asString()
        .contains("not an https URL");
    assertThat(idp.requests()).extracting(URI::toString).containsExactly(DISCOVERY);
  }

  @Test
  void anHs256ConnectionNeedsNoFetchButAStrongSecret() {
    IdpConnection hs =
        connection.toBuilder()
            .discoveryUrl(null)
            .algorithms("HS256")
            .hmacSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(probe.probe(hs).join().ok()).isTrue();
    IdpConnection weak =
        hs.toBuilder().hmacSecret("short".getBytes(StandardCharsets.UTF_8)).build();
    assertThat(probe.probe(weak).join().problems()).anyMatch(p -> p.contains("at least 32 bytes"));
    assertThat(idp.requests()).isEmpty();
  }
}
