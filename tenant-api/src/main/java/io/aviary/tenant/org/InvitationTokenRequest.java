package io.aviary.tenant.org;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/invitations/lookup}: the token from an invitation link.
 *
 * @param token the part of the link after {@code #}
 */
public record InvitationTokenRequest(
    @NotBlank(message = "is required") @Size(max = 128, message = "is not an invitation token")
        String token) {

  @Override
  public String toString() {
    return "InvitationTokenRequest[***]";
  }
}
