package io.aviary.service.auth;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from a verified access token.
 *
 * @param subject a console user id ({@code usr_...}) or an API key id ({@code avk_...})
 * @param orgId the organization the token belongs to
 * @param role the caller's role there
 */
public record Caller(String subject, String orgId, Role role) {

  /** The caller described by a verified platform access token. */
  public static Caller of(JsonWebToken jwt) {
    Role role = jwt.getGroups().contains(Role.ADMIN_NAME) ? Role.ADMIN : Role.MEMBER;
    return new Caller(jwt.getSubject(), jwt.getClaim(PlatformToken.ORG_CLAIM), role);
  }
}
