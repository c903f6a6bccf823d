package io.aviary.tenant.org;

import io.aviary.service.problem.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/signup}.
 *
 * @param organizationName 1 to 64 printable characters
 * @param email the first admin's email address
 * @param password 12 to 256 characters
 */
public record SignupRequest(
    @NotBlank(message = "is required")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = Inputs.PRINTABLE, message = "must not contain control characters")
        String organizationName,
    @NotBlank(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        @Pattern(regexp = Inputs.EMAIL, message = "must be an email address")
        String email,
    @NotNull(message = "is required")
        @Size(min = 12, max = 256, message = "must be 12 to 256 characters long")
        String password) {

  @Override
  public String toString() {
    return "SignupRequest[" + organizationName + ", " + email + "]";
  }
}
