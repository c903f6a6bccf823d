package io.aviary.tenant.org;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * An organization's limits, enforced by the brokers.
 *
 * @param maxConnections concurrent MQTT connections
 * @param maxMessagesPerSecond inbound PUBLISH packets per second across the organization
 * @param maxSubscriptions active subscriptions across the organization
 */
public record Quotas(
    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        Integer maxConnections,
    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        Integer maxMessagesPerSecond,
    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        Integer maxSubscriptions) {}
