package io.aviary.tenant.org;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/invitations/accept}.
 *
 * @param token the part of the invitation link after {@code #}
 * @param password the new member's password, 12 to 256 characters
 */
public record AcceptInvitationRequest(
    @NotBlank(message = "is required") @Size(max = 128, message = "is not an invitation token")
        String token,
    @NotNull(message = "is required")
        @Size(min = 12, max = 256, message = "must be 12 to 256 characters long")
        String password) {

  @Override
  public String toString() {
    return "AcceptInvitationRequest[***]";
  }
}
