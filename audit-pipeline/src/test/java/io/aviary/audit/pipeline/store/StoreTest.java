package io.aviary.audit.pipeline.store;

import static io.aviary.audit.pipeline.TestStores.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.pipeline.Events;
import io.aviary.audit.pipeline.TestStores;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The partitioned table: idempotent batch writes, daily partitions and the default partition. */
class StoreTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String ORG = "org_aaaaaaaaaaaa";

  private DataSource db;
  private EventWriter writer;

  @BeforeEach
  void setUp() {
    db = TestStores.newDatabase();
    writer = new EventWriter(db);
  }

  @Test
  void aBatchIsWrittenOnceAndRedeliveriesAreSkipped() throws Exception {
    Partitions partitions = partitions(NOW);
    partitions.ensureAhead();
    List<AuditRecord> records = Events.mixed(50, List.of(ORG), NOW);
    List<EventRow> rows = rows(records);

    assertThat(writer.write(rows)).isEqualTo(50);
    assertThat(writer.write(rows)).isZero();
    // A batch that repeats an event inside itself, and mixes old and new ones.
    AuditRecord fresh = Events.connect(ORG, NOW, "c9", "device:c9");
    EventRow freshRow = EventRow.of(fresh, Events.json(fresh));
    assertThat(writer.write(List.of(rows.get(0), freshRow, freshRow))).isEqualTo(1);
    assertThat(count(db, "select count(*) from audit_event")).isEqualTo(51);
  }

  @Test
  void theComingDaysGetTheirPartitionsWithEveryIndex() throws Exception {
    Partitions partitions = partitions(NOW);
    partitions.ensureAhead();
    assertThat(partitions.list())
        .containsExactly(
            LocalDate.parse("2026-12-01"),
            LocalDate.parse("2026-12-02"),
            LocalDate.parse("2026-12-03"));
    assertThat(
            count(db, "select count(*) from pg_indexes where tablename = 'audit_event_p20261202'"))
        .isEqualTo(7);
  }

  @Test
  void aStrayTimeGoesToTheDefaultPartitionUntilItsDayGetsOne() throws Exception {
    Partitions today = partitions(NOW);
    AuditRecord future =
        Events.connect(ORG, Instant.parse("2026-12-20T08:00:00Z"), "c1", "device:c1");
    AuditRecord ancient =
        Events.connect(ORG, Instant.parse("2001-01-01T00:00:00.000001Z"), "c1", "device:c1");
    List<EventRow> rows = rows(List.of(future, ancient));
    today.ensure(rows.stream().map(EventRow::day).toList());

    assertThat(writer.write(rows)).isEqualTo(2);
    assertThat(count(db, "select count(*) from audit_event_default")).isEqualTo(2);
    assertThat(today.list()).isEmpty();

    // Weeks later that day is within reach: creating it moves its event out of the default.
    Partitions later = partitions(Instant.parse("2026-12-19T00:00:00Z"));
    later.ensureAhead();
    assertThat(later.list()).contains(LocalDate.parse("2026-12-20"));
    assertThat(count(db, "select count(*) from audit_event_p20261220")).isEqualTo(1);
    assertThat(count(db, "select count(*) from audit_event_default")).isEqualTo(1);
    assertThat(writer.write(rows)).isZero();
    assertThat(count(db, "select count(*) from audit_event")).isEqualTo(2);
  }

  @Test
  void wholeDaysBeforeTheCutoffAreDropped() throws Exception {
    Partitions partitions = partitions(NOW);
    partitions.ensure(
        List.of(
            LocalDate.parse("2026-11-20"),
            LocalDate.parse("2026-11-21"),
            LocalDate.parse("2026-11-22")));
    assertThat(partitions.dropBefore(Instant.parse("2026-11-22T06:00:00Z")))
        .containsExactly(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"));
    assertThat(partitions.list()).containsExactly(LocalDate.parse("2026-11-22"));
  }

  private Partitions partitions(Instant now) {
    return new Partitions(db, Clock.fixed(now, ZoneOffset.UTC), 2, 31);
  }

  private static List<EventRow> rows(List<AuditRecord> records) {
    return records.stream().map(r -> EventRow.of(r, Events.json(r))).toList();
  }
}
