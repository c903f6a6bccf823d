package io.aviary.tenant.oidc;

import io.aviary.identity.IdpConnection;
import io.aviary.identity.IssuerDirectory;
import io.aviary.identity.KeySetCache;
import io.aviary.identity.TokenVerifier;
import io.aviary.identity.Verification;
import io.aviary.service.problem.ProblemException;
import io.aviary.service.secret.Sha256;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks the provider's ID token with the identity module's {@link TokenVerifier}, as brokers check
 * organizations' tokens (signature against the JWKS found through discovery, {@code iss}, {@code
 * aud}, {@code exp}, {@code nbf}, {@code iat}, allowed algorithms), then what only a sign-in asks:
 * the nonce it was started with, {@code azp}, and an email the provider vouches for.
 */
final class IdTokenCheck {
  /** ID tokens with many groups run long; the verifier refuses larger ones before decoding. */
  private static final int MAX_TOKEN_BYTES = 16 * 1024;

  private final SignInSettings settings;
  private final TokenVerifier verifier;

  IdTokenCheck(SignInSettings settings, Clock clock) {
    this.settings = settings;
    KeySetCache keys = KeySetCache.builder().allowInsecureHttp(settings.allowHttp()).build();
    this.verifier = new TokenVerifier(keys, clock, MAX_TOKEN_BYTES, IssuerDirectory.none());
  }

  /**
   * The verified email of the ID token's user.
   *
   * @throws ProblemException {@code oidc_token_invalid} with the reason, {@code
   *     oidc_email_unverified}, or {@code oidc_provider_unavailable} when the keys cannot be had
   */
  String verifiedEmail(String idToken, String nonce, ProviderMetadata metadata) {
    Verification verification;
    try {
      verification = verifier.verify(idToken, connection(metadata)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProblemException(
          SignInProblem.PROVIDER_UNAVAILABLE,
          "The identity provider's keys could not be read in time. Try again later.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(SignInProblem.PROVIDER_UNAVAILABLE, "Interrupted.");
    }
    Verification.Verified verified =
        switch (verification) {
          case Verification.Verified v -> v;
          case Verification.Refused refused ->
              throw refused(refused.reason().code(), refused.detail());
        };
    Map<String, List<String>> claims = verified.bindings();
    if (!single(claims, "nonce").map(n -> Sha256.secretsEqual(n, nonce)).orElse(false)) {
      throw refused("nonce", "the nonce is not the one this sign-in was started with");
    }
    String azp = single(claims, "azp").orElse(null);
    if (azp != null && !azp.equals(settings.clientId())) {
      throw refused("wrong_audience", "azp names another client");
    }
    boolean verifiedEmail =
        single(claims, "email_verified").map("true"::equals).orElse(false)
            || single(claims, "xms_edov").map("true"::equals).orElse(false);
    String email = single(claims, "email").orElse(null);
    if (email == null || !verifiedEmail || email.length() > 320 || email.indexOf('@') <= 0) {
      throw new ProblemException(
          SignInProblem.EMAIL_UNVERIFIED,
          "The identity provider did not vouch for an email address (email with email_verified"
              + " true). Ask its administrator, or log in with a password.");
    }
    return email;
  }

  /** The platform's provider as the identity module's verifier takes a connection. */
  private IdpConnection connection(ProviderMetadata metadata) {
    return IdpConnection.builder("platform-oidc", "platform")
        .issuers(settings.issuer())
        .audiences(settings.clientId())
        .algorithms(metadata.idTokenAlgorithms().toArray(String[]::new))
        .discoveryUrl(settings.discoveryUri())
        .claimMapping("email", "email")
        .claimMapping("email_verified", "email_verified")
        .claimMapping("xms_edov", "xms_edov")
        .claimMapping("nonce", "nonce")
        .claimMapping("azp", "azp")
        .build();
  }

  private static Optional<String> single(Map<String, List<String>> claims, String name) {
    List<String> values = claims.get(name);
    return values == null || values.size() != 1 ? Optional.empty() : Optional.of(values.get(0));
  }

  private static ProblemException refused(String reason, String detail) {
    return new ProblemException(
        SignInProblem.TOKEN_INVALID,
        "The identity provider's ID token was refused (" + reason + "): " + detail + ".");
  }
}
