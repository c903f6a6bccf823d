package io.aviary.node.audit;

import io.aviary.audit.event.VerdictRecording;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

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

  /**
   * Parses tenant-api's wire form ({@code all}, {@code sampled} or {@code none}, any case).
   *
   * @throws IllegalArgumentException naming both fields when either is out of range
   */
  public static PublishRecording parse(String mode, double sampleRate) {
    try {
      return new PublishRecording(
          VerdictRecording.valueOf(String.valueOf(mode).toUpperCase(Locale.ROOT)), sampleRate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "allowed_publishes must be all, sampled or none and sample_rate from 0 to 1; got "
              + mode
              + " and "
              + sampleRate,
          e);
    }
  }

  /**
   * Whether this allowed publish is recorded. Decided before any event exists, so that a sampled
   * organization's publishes that are not kept cost no event id (a clock read and a shared counter)
   * on the event loop: {@code sampled} keeps a random {@code sampleRate} of them, with the
   * contract's sampler.
   */
  public boolean recordsNext() {
    return switch (mode) {
      case ALL -> true;
      case NONE -> false;
      case SAMPLED ->
          sampleRate > 0
              && VerdictRecording.shouldRecord(ThreadLocalRandom.current().nextLong(), sampleRate);
    };
  }

  /** Whether a recorded allowed publish is marked {@code sampled}. */
  public boolean sampled() {
    return mode == VerdictRecording.SAMPLED;
  }
}
