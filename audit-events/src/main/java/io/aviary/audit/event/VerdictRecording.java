package io.aviary.audit.event;

import io.aviary.audit.event.AuditRecord.AclDecided;
import java.util.UUID;

/**
 * An organization's setting for recording allowed publishes, the one high-volume kind of event.
 * Denials, authentication failures, lifecycle and tenant events are always kept whatever the
 * setting; only {@code acl_verdict} events with action {@code publish} and verdict {@code allow}
 * follow it.
 */
public enum VerdictRecording {
  /** Every allowed publish is recorded. */
  ALL,
  /** A deterministic fraction of allowed publishes is recorded, marked {@code sampled}. */
  SAMPLED,
  /** No allowed publish is recorded. */
  NONE;

  /** Whether the setting applies to an ACL verdict at all; everything else is always kept. */
  public static boolean isAllowedPublish(AclDecided.Action action, AclDecided.Verdict verdict) {
    return action == AclDecided.Action.PUBLISH && verdict == AclDecided.Verdict.ALLOW;
  }

  /**
   * Whether an allowed publish with this id is recorded. {@code sampleRate} (0 to 1) is used only
   * by {@link #SAMPLED}.
   */
  public boolean recordsAllowedPublish(UUID eventId, double sampleRate) {
    return switch (this) {
      case ALL -> true;
      case NONE -> false;
      case SAMPLED -> shouldRecord(eventId, sampleRate);
    };
  }

  /** Whether this setting keeps {@code record}; the broker asks before writing it. */
  public boolean keeps(AuditRecord record, double sampleRate) {
    return !(record instanceof AclDecided verdict
            && isAllowedPublish(verdict.action(), verdict.verdict()))
        || recordsAllowedPublish(record.eventId(), sampleRate);
  }

  /**
   * The deterministic sampler: the same id always gets the same answer (so a redelivered or
   * re-evaluated event is sampled alike), and about {@code rate} of random ids are kept.
   */
  public static boolean shouldRecord(UUID eventId, double rate) {
    return shouldRecord(eventId.getMostSignificantBits() ^ eventId.getLeastSignificantBits(), rate);
  }

  /** As {@link #shouldRecord(UUID, double)} for any 64-bit hash, mixed first so any bits do. */
  public static boolean shouldRecord(long hash, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("sample rate must be from 0 to 1, got " + rate);
    }
    // SplitMix64's finalizer, then the top 53 bits as a uniform double in [0, 1).
    long z = hash;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53 < rate;
  }
}
