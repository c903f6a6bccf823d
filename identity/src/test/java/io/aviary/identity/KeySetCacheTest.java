package io.aviary.identity;

import static io.aviary.identity.VerifierFixture.assertRefused;
import static io.aviary.identity.VerifierFixture.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/** JWKS caching: TTLs, refresh, stale-while-error, refetch guards, rotation (VR-30..VR-36). */
class KeySetCacheTest {
  private static final String DISCOVERY =
      "https://idp.example.com/.well-known/openid-configuration";
  private final VerifierFixture f = new VerifierFixture();
  private final IdpConnection viaJwks = VerifierFixture.connection().build();
  private final IdpConnection viaDiscovery =
      VerifierFixture.connection().jwksUrl(null).discoveryUrl(URI.create(DISCOVERY)).build();

  private String token(RsaJsonWebKey key) {
    return f.token().sign(key, "RS256");
  }

  @Test // VR-31
  void ttlComesFromCacheControlClampedToFiveMinutesAndADay() {
    record Case(String cacheControl, Duration fresh) {}
    for (Case c :
        List.of(
            new Case(null, Duration.ofHours(1)),
            new Case("public, max-age=600", Duration.ofMinutes(10)),
            new Case("max-age=60", Duration.ofMinutes(5)),
            new Case("no-cache", Duration.ofMinutes(5)),
            new Case("max-age=604800", Duration.ofHours(24)),
            new Case("max-age=banana", Duration.ofHours(1)))) {
      VerifierFixture g = new VerifierFixture();
      g.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A), c.cacheControl());
      assertThat(g.cache.keys(viaJwks).join().kids()).containsExactly("rsa-a");
      g.clock.advance(c.fresh().minusSeconds(1));
      g.idp.down(VerifierFixture.JWKS); // a background refresh (past 80%) fails quietly
      g.cache.keys(viaJwks).join();
      int fetchesBeforeExpiry = g.idp.count(VerifierFixture.JWKS);
      g.clock.advance(Duration.ofSeconds(2));
      g.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_B));
      g.clock.advance(Duration.ofSeconds(30)); // past the failure back-off
      assertThat(g.cache.keys(viaJwks).join().kids()).as(String.valueOf(c)).contains("rsa-b");
      assertThat(g.idp.count(VerifierFixture.JWKS)).isEqualTo(fetchesBeforeExpiry + 1);
    }
  }

  @Test // VR-31
  void refreshesInTheBackgroundAtEightyPercentOfTheTtl() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A), "max-age=1000");
    f.cache.keys(viaJwks).join();
    f.clock.advance(Duration.ofSeconds(799));
    f.cache.keys(viaJwks).join();
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(1);
    f.idp.serve(
        VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B), "max-age=1000");
    f.clock.advance(Duration.ofSeconds(2));
    CompletableFuture<KeySet> served = f.cache.keys(viaJwks);
    assertThat(served).isDone();
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(2);
    assertThat(f.cache.cached(viaJwks.id()).orElseThrow().kids()).contains("rsa-b");
  }

  @Test // VR-31
  void serveStaleWhileTheIdpFailsThenGiveUpAfterTheBound() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    assertVerified(f.verify(token(TestKeys.RSA_A), viaJwks));
    f.idp.status(VerifierFixture.JWKS, 500);
    f.clock.advance(Duration.ofHours(2));
    assertVerified(f.verify(f.token().sign(TestKeys.RSA_A, "RS256"), viaJwks));
    int afterFirstFailure = f.idp.count(VerifierFixture.JWKS);
    for (int i = 0; i < 100; i++) {
      assertVerified(f.verify(f.token().sign(TestKeys.RSA_A, "RS256"), viaJwks));
    }
    assertThat(f.idp.count(VerifierFixture.JWKS))
        .as("no retry within the back-off")
        .isEqualTo(afterFirstFailure);
    f.clock.advance(Duration.ofHours(23));
    String token = f.token().sign(TestKeys.RSA_A, "RS256");
    Refused refused = assertRefused(f.verify(token, viaJwks), AuthFailure.IDP_UNREACHABLE, token);
    assertThat(refused.detail()).contains("HTTP 500");
  }

  @Test
  void unreachableIdpWithNothingCachedIsIdpUnreachable() {
    f.idp.down(VerifierFixture.JWKS);
    String token = token(TestKeys.RSA_A);
    assertRefused(f.verify(token, viaJwks), AuthFailure.IDP_UNREACHABLE, token);
    assertRefused(f.verify(token, viaJwks), AuthFailure.IDP_UNREACHABLE, token);
    assertThat(f.idp.count(VerifierFixture.JWKS)).as("back-off after a failure").isEqualTo(1);
    f.clock.advance(Duration.ofSeconds(31));
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    assertVerified(f.verify(token, viaJwks));
  }

  @Test // VR-30
  void discoveryIssuerMustBeAConfiguredIssuer() {
    f.idp.discovery(DISCOVERY, "https://evil.example.com", VerifierFixture.JWKS);
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    String token = token(TestKeys.RSA_A);
    Refused refused =
        assertRefused(f.verify(token, viaDiscovery), AuthFailure.IDP_UNREACHABLE, token);
    assertThat(refused.detail()).contains("evil.example.com");
    assertThat(f.idp.count(VerifierFixture.JWKS)).isZero();

    VerifierFixture g = new VerifierFixture();
    g.idp.discovery(DISCOVERY, VerifierFixture.ISSUER, VerifierFixture.JWKS);
    g.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    assertVerified(g.verify(token, viaDiscovery));
    assertThat(g.idp.requests())
        .extracting(URI::toString)
        .containsExactly(DISCOVERY, VerifierFixture.JWKS);
  }

  @Test // VR-30
  void onlyHttpsUnlessInsecureHttpIsAllowed() {
    IdpConnection plain =
        viaJwks.toBuilder().jwksUrl(URI.create("http://idp.example.com/jwks")).build();
    f.idp.serve("http://idp.example.com/jwks", TestKeys.jwks(TestKeys.RSA_A));
    String token = token(TestKeys.RSA_A);
    assertRefused(f.verify(token, plain), AuthFailure.IDP_UNREACHABLE, token);
    assertThat(f.idp.requests()).isEmpty();

    f.idp.discovery(DISCOVERY, VerifierFixture.ISSUER, "http://idp.example.com/jwks");
    f.clock.advance(Duration.ofMinutes(1));
    assertRefused(f.verify(token, viaDiscovery), AuthFailure.IDP_UNREACHABLE, token);
    assertThat(f.idp.count("http://idp.example.com/jwks")).isZero();

    KeySetCache dev =
        KeySetCache.builder().fetcher(f.idp).clock(f.clock).allowInsecureHttp(true).build();
    TokenVerifier devVerifier = new TokenVerifier(dev, f.clock, 8192, IssuerDirectory.none());
    assertVerified(devVerifier.verify(token, plain).join());
    IdpConnection file = viaJwks.toBuilder().jwksUrl(URI.create("file:///etc/passwd")).build();
    assertRefused(devVerifier.verify(token, file).join(), AuthFailure.IDP_UNREACHABLE, token);
  }

  @Test // VR-30
  void oversizedResponsesAreRejected() {
    KeySetCache small =
        KeySetCache.builder().fetcher(f.idp).clock(f.clock).maxResponseBytes(512).build();
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B));
    assertThat(small.keys(viaJwks)).isCompletedExceptionally();
  }

  @Test // VR-36
  void malformedAndSymmetricEntriesAreSkippedNotFatal() {
    String oct =
        "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}";
    String enc = TestKeys.rsa("enc", 2048).toJson().replaceFirst("\\{", "{\"use\":\"enc\",");
    String noKty = "{\"kid\":\"nokty\",\"n\":\"x\",\"e\":\"AQAB\"}";
    String brokenRsa = "{\"kty\":\"RSA\",\"kid\":\"broken\",\"n\":\"!!\",\"e\":\"AQAB\"}";
    String unknownType = "{\"kty\":\"XYZ\",\"kid\":\"xyz\"}";
    String good = TestKeys.jwks(TestKeys.RSA_A).replace("{\"keys\":[", "").replace("]}", "");
    String duplicate =
        TestKeys.jwks(TestKeys.RSA_B)
            .replace("{\"keys\":[", "")
            .replace("]}", "")
            .replace("rsa-b", "rsa-a");
    f.idp.serve(
        VerifierFixture.JWKS,
        "{\"keys\":["
            + String.join(",", oct, enc, noKty, brokenRsa, unknownType, "42", good, duplicate)
            + "]}");
    assertThat(f.cache.keys(viaJwks).join().kids()).containsExactly("rsa-a");
    assertVerified(f.verify(token(TestKeys.RSA_A), viaJwks));
    IdpConnection hsAndRs =
        viaJwks.toBuilder()
            .algorithms("RS256", "HS256")
            .hmacSecret("configured-secret-configured-secret!".getBytes(StandardCharsets.UTF_8))
            .build();
    String hs =
        f.token()
            .header("kid", "hmac")
            .hs256("secret-secret-secret-secret-secret".getBytes(StandardCharsets.UTF_8));
    assertRefused(f.verify(hs, hsAndRs), AuthFailure.BAD_SIGNATURE, hs);
  }

  @Test
  void aJwksThatIsNotAKeySetIsAFailedFetch() {
    f.idp.serve(VerifierFixture.JWKS, "[1,2,3]");
    String token = token(TestKeys.RSA_A);
    assertRefused(f.verify(token, viaJwks), AuthFailure.IDP_UNREACHABLE, token);
  }

  @Test // VR-33
  void rotationIsPickedUpWithinOneRefetchAndRetiredKeysGoAfterTheirTtl() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A), "max-age=600");
    assertVerified(f.verify(token(TestKeys.RSA_A), viaJwks));
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_B), "max-age=600");
    assertVerified(f.verify(token(TestKeys.RSA_B), viaJwks));
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(2);
    assertVerified(f.verify(token(TestKeys.RSA_A), viaJwks)); // kept until its set would expire
    f.clock.advance(Duration.ofSeconds(601));
    f.cache.keys(viaJwks).join();
    String old = token(TestKeys.RSA_A);
    assertRefused(f.verify(old, viaJwks), AuthFailure.UNKNOWN_KEY, old);
    assertVerified(f.verify(token(TestKeys.RSA_B), viaJwks));
  }

  @Test // §11.4: same kid, new key material
  void aKeyReplacedUnderTheSameKidIsFoundByOneGuardedRefetch() {
    RsaJsonWebKey replacement = TestKeys.rsa("rsa-a", 2048);
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    assertVerified(f.verify(token(TestKeys.RSA_A), viaJwks));
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(replacement));
    assertVerified(f.verify(token(replacement), viaJwks));
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(2);
    for (int i = 0; i < 50; i++) {
      String forged =
          f.token().header("kid", "rsa-a").sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
      assertRefused(f.verify(forged, viaJwks), AuthFailure.BAD_SIGNATURE, forged);
    }
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(2);
  }

  @Test // VR-32: concurrent misses share one fetch
  void concurrentUnknownKidsJoinOneInFlightFetch() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    f.cache.keys(viaJwks).join();
    CompletableFuture<Fetcher.Response> gate = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Fetcher> delegate = new AtomicReference<>(f.idp);
    KeySetCache gated =
        KeySetCache.builder()
            .clock(f.clock)
            .fetcher(uri -> calls.incrementAndGet() == 1 ? delegate.get().fetch(uri) : gate)
            .build();
    gated.keys(viaJwks).join();
    TokenVerifier verifier = new TokenVerifier(gated, f.clock, 8192, IssuerDirectory.none());
    List<CompletableFuture<Verification>> pending =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(
                i ->
                    verifier.verify(
                        f.token()
                            .header("kid", "k" + i)
                            .sign(TestKeys.ATTACKER.getPrivateKey(), "RS256"),
                        viaJwks))
            .toList();
    assertThat(pending).noneMatch(CompletableFuture::isDone);
    gate.complete(
        new Fetcher.Response(
            200, TestKeys.jwks(TestKeys.RSA_A).getBytes(StandardCharsets.UTF_8), null));
    assertThat(pending).allSatisfy(p -> assertRefused(p.join(), AuthFailure.UNKNOWN_KEY, null));
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void invalidateAndConfigurationChangesDropTheKeys() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    f.cache.keys(viaJwks).join();
    f.cache.keys(viaJwks).join();
    assertThat(f.cache.fetchCount(viaJwks.id())).isEqualTo(1);
    f.cache.invalidate(viaJwks.id());
    assertThat(f.cache.cached(viaJwks.id())).isEmpty();
    f.cache.keys(viaJwks).join();
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(2);
    f.idp.serve("https://idp.example.com/other-jwks", TestKeys.jwks(TestKeys.RSA_B));
    IdpConnection moved =
        viaJwks.toBuilder().jwksUrl(URI.create("https://idp.example.com/other-jwks")).build();
    assertThat(f.cache.keys(moved).join().kids()).containsExactly("rsa-b");
    assertThat(f.cache.fetchCount()).isEqualTo(3);
  }

  @Test
  void connectionsNeverShareKeys() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    f.idp.serve("https://other.example.com/jwks", TestKeys.jwks(TestKeys.RSA_B));
    IdpConnection other =
        IdpConnection.builder("idp_b", "org_b")
            .issuers(VerifierFixture.ISSUER)
            .audiences("broker")
            .algorithms("RS256")
            .jwksUrl(URI.create("https://other.example.com/jwks"))
            .build();
    assertVerified(f.verify(token(TestKeys.RSA_A), viaJwks));
    String token = token(TestKeys.RSA_A);
    assertRefused(f.verify(token, other), AuthFailure.UNKNOWN_KEY, token);
  }
}
