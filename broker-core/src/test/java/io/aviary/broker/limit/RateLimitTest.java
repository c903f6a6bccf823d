package io.aviary.broker.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void admitsABurstOfOneSecondThenTheSteadyRate() {
    RateLimit limit = new RateLimit(10);
    long now = 5 * SECOND;
    int admitted = 0;
    for (int i = 0; i < 100; i++) {
      if (limit.tryAcquire(now)) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(10);
    assertThat(limit.tryAcquire(now + SECOND / 20)).isFalse();
    assertThat(limit.tryAcquire(now + SECOND / 10)).isTrue();
  }

  @Test
  void overTimeAdmitsTheRateAndNoMore() {
    RateLimit limit = new RateLimit(100);
    long start = 42 * SECOND;
    int admitted = 0;
    // 10 000 attempts spread evenly over 10 seconds: 1000 per second offered.
    for (int i = 0; i < 10_000; i++) {
      if (limit.tryAcquire(start + i * (SECOND / 1000))) {
        admitted++;
      }
    }
    // 10 s at 100/s, plus the initial one-second burst at most.
    assertThat(admitted).isBetween(1000, 1100);
  }

  @Test
  void idleTimeDoesNotBankMoreThanOneSecond() {
    RateLimit limit = new RateLimit(5);
    limit.tryAcquire(0);
    long later = 60 * SECOND;
    int admitted = 0;
    for (int i = 0; i < 50; i++) {
      if (limit.tryAcquire(later)) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void zeroMeansUnlimited() {
    for (int i = 0; i < 1000; i++) {
      assertThat(RateLimit.UNLIMITED.tryAcquire(0)).isTrue();
    }
  }
}
