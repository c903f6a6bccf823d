package io.aviary.tenant.auth;

/**
 * A platform access token.
 *
 * @param accessToken the JWT
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until it expires
 */
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {

  public static TokenResponse of(IssuedToken token) {
    return new TokenResponse(token.token(), "Bearer", token.expiresIn());
  }
}
