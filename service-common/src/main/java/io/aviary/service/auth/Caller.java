package io.aviary.service.auth;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from a verified access token.
 *
 * @param subject a console user id ({@code usr_...}) or an API key id ({@code avk_...})
 * @param orgId the organization the token belongs to
 * @param role the caller's role there
 * @param email a console user's email address, or null (API keys have none; tokens issued before
 *     tenant-api added the claim neither)
 */
public record Caller(String subject, String orgId, Role role, String email) {

  /** The prefix of API key subjects; the rest is the key's id. */
  public static final String API_KEY_PREFIX = "avk_";

  /** The caller described by a verified platform access token. */
  public static Caller of(JsonWebToken jwt) {
    Role role = jwt.getGroups().contains(Role.ADMIN_NAME) ? Role.ADMIN : Role.MEMBER;
    return new Caller(
        jwt.getSubject(),
        jwt.getClaim(PlatformToken.ORG_CLAIM),
        role,
        jwt.getClaim(PlatformToken.EMAIL_CLAIM));
  }

  /** Whether the caller is an API key rather than a person. */
  public boolean isApiKey() {
    return subject.startsWith(API_KEY_PREFIX);
  }
}
