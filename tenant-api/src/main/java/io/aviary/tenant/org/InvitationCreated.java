package io.aviary.tenant.org;

import java.time.Instant;

/**
 * A new invitation: the only answer that carries its link.
 *
 * @param id {@code inv_...}
 * @param email who is invited
 * @param role the role they get
 * @param expiresAt when the link stops working
 * @param acceptUrl the link to pass on: {@code <console>/invite#<token>}; the token sits in the
 *     fragment, which browsers never send to a server
 * @param emailed whether Aviary sent the link by email
 */
public record InvitationCreated(
    String id, String email, String role, Instant expiresAt, String acceptUrl, boolean emailed) {

  @Override
  public String toString() {
    return "InvitationCreated[" + id + ", " + email + ", " + role + "]";
  }
}
