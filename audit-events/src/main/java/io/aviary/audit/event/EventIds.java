package io.aviary.audit.event;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered event ids: UUIDv7 (RFC 9562), so ids sort by time as strings and as {@link UUID}s.
 *
 * <p>Layout, most significant bit first: 48 bits Unix time in milliseconds, 4 bits version ({@code
 * 7}), 12 bits {@code rand_a} used as a counter within the millisecond (RFC 9562 section 6.2,
 * method 3), 2 bits variant ({@code 10}), 62 random bits. A new millisecond starts the counter at a
 * random value below 2048; when the clock stands still or steps back the previous (time, counter)
 * is incremented, borrowing from the next millisecond on overflow, so ids from one generator
 * strictly increase. The 62 random bits keep ids of different nodes apart; they are not secrets, so
 * a fast non-cryptographic source is enough.
 */
public final class EventIds {

  private static final EventIds SYSTEM = new EventIds(Clock.systemUTC());

  private final Clock clock;

  /** The last (millisecond << 12 | counter) handed out. */
  private final AtomicLong last = new AtomicLong();

  public EventIds(Clock clock) {
    this.clock = clock;
  }

  /** A new id from the system clock. */
  public static UUID next() {
    return SYSTEM.nextId();
  }

  /** A new id, greater than every id this generator made before. */
  public UUID nextId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // The clock and the random start are read once: a lost race only needs previous + 1.
    long fresh = (clock.millis() << 12) | random.nextInt(2048);
    long stamp = last.accumulateAndGet(fresh, EventIds::after);
    long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0xFFFL);
    long lsb = (random.nextLong() >>> 2) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The (millisecond << 12 | counter) to hand out after {@code previous}. */
  private static long after(long previous, long fresh) {
    return Math.max(fresh, previous + 1);
  }

  /** The millisecond a UUIDv7 was made in. */
  public static Instant timeOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a UUIDv7: " + id);
    }
    return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
  }
}
