package io.aviary.tenant.org;

import io.aviary.service.problem.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/orgs/{org}/invitations}.
 *
 * @param email the address to invite
 * @param role {@code admin} or {@code member} (default {@code member})
 */
public record InviteRequest(
    @NotBlank(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        @Pattern(regexp = Inputs.EMAIL, message = "must be an email address")
        String email,
    @Pattern(regexp = "admin|member", message = "must be admin or member") String role) {}
