package io.aviary.tenant.org;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A console user of an organization.
 *
 * @param userId {@code usr_...}
 * @param email lower-cased email address
 * @param role {@code admin} or {@code member}
 * @param createdAt when the user was added
 * @param lastLoginAt the last successful password log-in, or null
 */
public record MemberView(
    String userId,
    String email,
    String role,
    Instant createdAt,
    @Schema(nullable = true) Instant lastLoginAt) {

  static MemberView of(ConsoleUser user) {
    return new MemberView(user.id, user.email, user.role, user.createdAt, user.lastLoginAt);
  }
}
