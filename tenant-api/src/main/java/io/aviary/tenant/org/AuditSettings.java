package io.aviary.tenant.org;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An organization's audit settings: how brokers record allowed publishes and how long the audit
 * pipeline keeps its events. Denials, authentication failures, lifecycle and tenant events are
 * always recorded.
 *
 * @param allowedPublishes {@code all}, {@code sampled} or {@code none} (audit-events'
 *     VerdictRecording)
 * @param sampleRate the fraction of allowed publishes recorded when {@code sampled}, 0 to 1
 * @param retentionDays days the audit store keeps the events, 1 to the platform maximum
 */
public record AuditSettings(
    @NotNull(message = "is required")
        @Pattern(regexp = "all|sampled|none", message = "must be all, sampled or none")
        String allowedPublishes,
    @NotNull(message = "is required")
        @DecimalMin(value = "0", message = "must be from 0 to 1")
        @DecimalMax(value = "1", message = "must be from 0 to 1")
        Double sampleRate,
    @NotNull(message = "is required")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = AuditSettings.MAX_RETENTION_DAYS, message = "must be at most {value}")
        Integer retentionDays) {

  /** The hard ceiling of retention (ten years); the platform may set a lower one. */
  public static final int MAX_RETENTION_DAYS = 3650;

  /** Verdict recording of new organizations. */
  public static final String DEFAULT_ALLOWED_PUBLISHES = "sampled";

  /** Sample rate of new organizations. */
  public static final double DEFAULT_SAMPLE_RATE = 0.01;
}
