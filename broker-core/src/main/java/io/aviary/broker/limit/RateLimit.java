package io.aviary.broker.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate limit shared by many threads without a lock: the generic cell rate algorithm (GCRA, a
 * token bucket kept as one "theoretical arrival time"). It admits {@code perSecond} events per
 * second on average with bursts of up to one second's worth, and refuses what goes beyond.
 */
public final class RateLimit {
  /** Admits everything. */
  public static final RateLimit UNLIMITED = new RateLimit(0);

  private final int perSecond;
  private final long interval;
  private final long tolerance;
  private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param perSecond events per second; 0 for no limit
   */
  public RateLimit(int perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("a rate is not negative");
    }
    this.perSecond = perSecond;
    this.interval = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    this.tolerance = 1_000_000_000L - interval;
  }

  public int perSecond() {
    return perSecond;
  }

  /** Whether one more event at {@code nowNanos} (a {@link System#nanoTime} reading) fits. */
  public boolean tryAcquire(long nowNanos) {
    if (perSecond == 0) {
      return true;
    }
    while (true) {
      long tat = theoreticalArrival.get();
      long start = tat == Long.MIN_VALUE || tat - nowNanos < 0 ? nowNanos : tat;
      if (start - nowNanos > tolerance) {
        return false;
      }
      if (theoreticalArrival.compareAndSet(tat, start + interval)) {
        return true;
      }
    }
  }
}
