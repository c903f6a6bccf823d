package io.aviary.service.auth;

/**
 * The claims of platform access tokens that services rely on. tenant-api signs them (RS256, key
 * published at {@code /.well-known/jwks.json}); every service verifies the signature, issuer and
 * {@link #API_AUDIENCE}, then reads the organization and role from these claims.
 */
public final class PlatformToken {

  /** Audience of access tokens for the REST APIs. */
  public static final String API_AUDIENCE = "aviary-api";

  /** Claim naming the organization the token belongs to. */
  public static final String ORG_CLAIM = "org_id";

  /** Claim carrying a console user's email address in access tokens (not in API keys' tokens). */
  public static final String EMAIL_CLAIM = "email";

  /** Claim saying what a token is for: {@code access} or {@code mqtt}. */
  public static final String USE_CLAIM = "token_use";

  private PlatformToken() {}
}
