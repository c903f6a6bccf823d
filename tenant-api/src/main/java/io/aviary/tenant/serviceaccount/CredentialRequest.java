package io.aviary.tenant.serviceaccount;

import jakarta.validation.constraints.Min;

/**
 * Body of {@code POST .../service-accounts/{id}/credentials}; may be empty.
 *
 * @param ttlSeconds credential lifetime (default 3600; at most 86400 outside dev mode)
 */
public record CredentialRequest(
    @Min(value = 60, message = "must be at least 60") Long ttlSeconds) {}
