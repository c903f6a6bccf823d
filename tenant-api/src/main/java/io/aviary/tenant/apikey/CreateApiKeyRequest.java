package io.aviary.tenant.apikey;

import io.aviary.service.problem.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/orgs/{org}/api-keys}.
 *
 * @param name what the key is for, 1 to 64 printable characters
 * @param role the role its tokens carry: {@code admin} (default) or {@code member}
 */
public record CreateApiKeyRequest(
    @NotBlank(message = "is required")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = Inputs.PRINTABLE, message = "must not contain control characters")
        String name,
    @Pattern(regexp = "admin|member", message = "must be admin or member") String role) {}
