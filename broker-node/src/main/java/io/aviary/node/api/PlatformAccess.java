package io.aviary.node.api;

import io.aviary.identity.IdpConnection;
import io.aviary.identity.KeySetCache;
import io.aviary.identity.TokenVerifier;
import io.aviary.identity.Verification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Checks platform access tokens as every Aviary service does: signed by tenant-api (RS256, its JWK
 * Set), its issuer, audience {@value #AUDIENCE}, {@code token_use} {@code access} (so MQTT
 * credentials of service accounts are refused), an {@code org_id}. The organization is compared
 * with the request's by the caller of {@link #verify}: a token of another organization is a 403,
 * not a 401. Verification is the identity module's, with a connection made for platform tokens.
 */
public final class PlatformAccess {
  /** Audience of access tokens for the REST APIs. */
  public static final String AUDIENCE = "aviary-api";

  /** Clock leeway: tenant-api and the brokers share a clock source. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private static final String ORG = "organization";
  private static final String ROLE = "role";
  private static final String EMAIL = "email";
  private static final String API_KEY_PREFIX = "avk_";

  private final TokenVerifier verifier;
  private final IdpConnection connection;

  public PlatformAccess(String issuer, URI jwksUri, KeySetCache keys) {
    this.verifier = new TokenVerifier(keys);
    this.connection =
        IdpConnection.builder("platform-access", "platform")
            .preset("platform")
            .issuers(issuer)
            .audiences(AUDIENCE)
            .algorithms("RS256")
            .jwksUrl(jwksUri)
            .claimMappings(Map.of("user_id", "sub", EMAIL, "email", ROLE, "groups", ORG, "org_id"))
            .requiredClaim("token_use", "access")
            .acceptedTypes("JWT", "")
            .clockSkew(CLOCK_SKEW)
            .enabled(true)
            .build();
  }

  /** What a verified token says about its bearer, or why it was refused. */
  public sealed interface Result permits Caller, Refused {}

  /**
   * The bearer of a valid token.
   *
   * @param subject a console user id ({@code usr_...}) or an API key ({@code avk_...})
   * @param orgId the organization the token belongs to
   * @param admin whether its role is admin (members and viewers read only)
   * @param email a console user's email, or null
   */
  public record Caller(String subject, String orgId, boolean admin, String email)
      implements Result {

    /** As audit events name who acted: {@code user:<email>} or {@code api_key:<id>}. */
    public String actor() {
      if (subject.startsWith(API_KEY_PREFIX)) {
        return "api_key:" + subject.substring(API_KEY_PREFIX.length());
      }
      return "user:" + (email == null || email.isBlank() ? subject : email);
    }
  }

  /** The token is not an acceptable platform access token; {@code detail} says why. */
  public record Refused(String detail) implements Result {}

  /** Verifies {@code token}; completes on the calling thread when the keys are cached. */
  public CompletableFuture<Result> verify(String token) {
    return verifier
        .verify(token, connection)
        .thenApply(
            v ->
                switch (v) {
                  case Verification.Refused r -> new Refused(r.detail());
                  case Verification.Verified ok -> caller(ok);
                });
  }

  private static Result caller(Verification.Verified ok) {
    String org = first(ok.bindings().get(ORG));
    if (org == null || ok.subject() == null) {
      return new Refused("the token has no org_id or no sub");
    }
    List<String> roles = ok.bindings().getOrDefault(ROLE, List.of());
    return new Caller(ok.subject(), org, roles.contains("admin"), first(ok.bindings().get(EMAIL)));
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
