package io.aviary.tenant.org;

import java.time.Instant;

/**
 * An invitation as listed: never its token.
 *
 * @param id {@code inv_...}
 * @param email who is invited, lower-cased
 * @param role the role they get: {@code admin} or {@code member}
 * @param createdBy who invited them
 * @param createdAt when
 * @param expiresAt when the link stops working
 * @param expired whether it has
 */
public record InvitationView(
    String id,
    String email,
    String role,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    boolean expired) {

  static InvitationView of(Invitation i, Instant now) {
    return new InvitationView(
        i.id, i.email, i.role, i.createdBy, i.createdAt, i.expiresAt, i.expired(now));
  }
}
