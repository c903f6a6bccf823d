package io.aviary.node.audit;

import io.aviary.audit.event.VerdictRecording;
import java.util.UUID;

/**
 * An organization's setting for recording allowed publishes, the one high-volume audit event
 * (tenant-api's audit settings). Denials and every other event are always recorded.
 *
 * @param mode all, sampled or none
 * @param sampleRate the fraction kept when sampled, from 0 to 1
 */
public record PublishRecording(VerdictRecording mode, double sampleRate) {

  public PublishRecording {
    if (mode == null) {
      throw new IllegalArgumentException("allowed_publishes is required");
    }
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sample_rate must be from 0 to 1, got " + sampleRate);
    }
  }

  /** Whether any allowed publish may be recorded: when not, no event id is even made. */
  public boolean recordsAny() {
    return mode == VerdictRecording.ALL || (mode == VerdictRecording.SAMPLED && sampleRate > 0);
  }

  /** Whether the allowed publish with {@code eventId} is recorded (the contract's sampler). */
  public boolean records(UUID eventId) {
    return mode.recordsAllowedPublish(eventId, sampleRate);
  }

  /** Whether a recorded allowed publish is marked {@code sampled}. */
  public boolean sampled() {
    return mode == VerdictRecording.SAMPLED;
  }
}
