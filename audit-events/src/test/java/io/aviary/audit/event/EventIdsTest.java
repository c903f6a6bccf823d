package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private static final int COUNT = 10_000;

  @Test
  void idsAreUniqueVersion7AndSortByTimeInCreationOrder() {
    EventIds generator = new EventIds(Clock.systemUTC());
    Instant before = Instant.now().minusMillis(1);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      ids.add(generator.nextId());
    }
    // A burst of more than ~2,048 ids a millisecond borrows from the following milliseconds.
    Instant after = Instant.now().plusMillis(1 + COUNT / 2048);

    assertThat(new HashSet<>(ids)).hasSize(COUNT);
    assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
    assertThat(ids).allSatisfy(id -> assertThat(id.variant()).isEqualTo(2));
    assertThat(ids).isSorted();
    assertThat(ids.stream().map(UUID::toString).toList()).isSorted();
    assertThat(ids.stream().map(EventIds::timeOf).toList())
        .isSorted()
        .allSatisfy(time -> assertThat(time).isBetween(before, after));
  }

  @Test
  void aClockThatStandsStillOrStepsBackStillGivesIncreasingIds() {
    Clock frozen = Clock.fixed(Instant.parse("2025-03-01T10:15:30.123Z"), ZoneOffset.UTC);
    EventIds ids = new EventIds(frozen);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      made.add(ids.nextId().toString());
    }
    EventIds stepped = new EventIds(frozen);
    UUID first = stepped.nextId();

    assertThat(made).doesNotHaveDuplicates().isSorted();
    // 10,000 ids overflow the 12-bit counter, borrowing from the following milliseconds.
    assertThat(EventIds.timeOf(UUID.fromString(made.getLast())))
        .isAfter(Instant.parse("2025-03-01T10:15:30.123Z"));
    assertThat(EventIds.timeOf(first)).isEqualTo(Instant.parse("2025-03-01T10:15:30.123Z"));
  }

  @Test
  void aClockSteppingBackKeepsTheLastMillisecondAndCountsOn() {
    Instant start = Instant.parse("2025-03-01T10:15:30.123Z");
    AtomicReference<Instant> now = new AtomicReference<>(start);
    EventIds ids = new EventIds(new SettableClock(now));
    UUID before = ids.nextId();
    now.set(start.minusSeconds(1));
    UUID after = ids.nextId();

    assertThat(after).isGreaterThan(before);
    assertThat(after.toString()).isGreaterThan(before.toString());
    assertThat(EventIds.timeOf(after)).isEqualTo(start);
  }

  /** A clock a test moves, backwards too. */
  private static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    SettableClock(AtomicReference<Instant> now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
