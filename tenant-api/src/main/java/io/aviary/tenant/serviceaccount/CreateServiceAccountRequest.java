package io.aviary.tenant.serviceaccount;

import io.aviary.service.problem.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/orgs/{org}/service-accounts}.
 *
 * @param name 1 to 64 printable characters, unique in the organization
 * @param description optional, at most 512 characters
 */
public record CreateServiceAccountRequest(
    @NotBlank(message = "is required")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = Inputs.PRINTABLE, message = "must not contain control characters")
        String name,
    @Size(max = 512, message = "must be at most 512 characters")
        @Pattern(regexp = Inputs.PRINTABLE, message = "must not contain control characters")
        String description) {}
