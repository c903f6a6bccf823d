package io.aviary.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import io.aviary.identity.Verification.Verified;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A fake IdP, a cache and a verifier on a hand-moved clock, with assertion helpers. */
class VerifierFixture {
  static final String ISSUER = "https://idp.example.com";
  static final String JWKS = "https://idp.example.com/jwks";
  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  final MutableClock clock = new MutableClock(START);
  final FakeIdp idp = new FakeIdp();
  final KeySetCache cache = KeySetCache.builder().fetcher(idp).clock(clock).build();
  final TokenVerifier verifier =
      new TokenVerifier(
          cache, clock, TokenVerifier.DEFAULT_MAX_TOKEN_BYTES, IssuerDirectory.none());

  static IdpConnection.Builder connection() {
    return IdpConnection.builder("idp_a", "org_a")
        .issuers(ISSUER)
        .audiences("broker")
        .algorithms("RS256")
        .jwksUrl(URI.create(JWKS))
        .acceptedTypes("", "JWT");
  }

  Jwt token() {
    return Jwt.token(ISSUER, "broker", clock.instant());
  }

  Verification verify(String token, IdpConnection connection) {
    CompletableFuture<Verification> future = verifier.verify(token, connection);
    return future.join();
  }

  static Verified assertVerified(Verification verification) {
    assertThat(verification).isInstanceOf(Verified.class);
    return (Verified) verification;
  }

  /** Asserts the reason, and that the detail leaks neither the token nor its signature. */
  static Refused assertRefused(Verification verification, AuthFailure reason, String token) {
    assertThat(verification).isInstanceOf(Refused.class);
    Refused refused = (Refused) verification;
    assertThat(refused.reason()).as(refused.detail()).isEqualTo(reason);
    assertThat(refused.detail()).isNotBlank();
    if (token != null && token.length() > 20) {
      assertThat(refused.detail()).doesNotContain(token);
      int dot = token.lastIndexOf('.');
      if (dot > 0 && token.length() - dot > 10) {
        assertThat(refused.detail()).doesNotContain(token.substring(dot + 1));
      }
    }
    return refused;
  }
}
