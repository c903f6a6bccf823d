package io.aviary.tenant.org;

import io.aviary.service.problem.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/orgs/{org}/members}.
 *
 * @param email the new member's email address
 * @param password an initial password, 12 to 256 characters
 * @param role {@code admin} or {@code member} (default {@code member})
 */
public record AddMemberRequest(
    @NotBlank(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        @Pattern(regexp = Inputs.EMAIL, message = "must be an email address")
        String email,
    @NotNull(message = "is required")
        @Size(min = 12, max = 256, message = "must be 12 to 256 characters long")
        String password,
    @Pattern(regexp = "admin|member", message = "must be admin or member") String role) {

  @Override
  public String toString() {
    return "AddMemberRequest[" + email + ", " + role + "]";
  }
}
