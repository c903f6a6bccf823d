package io.aviary.audit.pipeline.retention;

import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.retention.RetentionSource.RetentionUnavailable;
import io.aviary.audit.pipeline.store.Partitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Applies retention: first drops every daily partition older than the longest retention in force
 * (no organization keeps anything that old), then deletes, organization by organization, rows older
 * than that organization's retention, in batches so that no statement holds locks for long.
 * Organizations tenant-api does not list, and org-less auth failures, follow the default. When the
 * settings cannot be read, nothing at all is deleted.
 */
public final class RetentionSweeper {

  private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

  private final DataSource dataSource;
  private final Partitions partitions;
  private final RetentionSource source;
  private final AuditMetrics metrics;
  private final Clock clock;
  private final int deleteBatch;

  public RetentionSweeper(
      DataSource dataSource,
      Partitions partitions,
      RetentionSource source,
      AuditMetrics metrics,
      Clock clock,
      int deleteBatch) {
    this.dataSource = dataSource;
    this.partitions = partitions;
    this.source = source;
    this.metrics = metrics;
    this.clock = clock;
    this.deleteBatch = deleteBatch;
  }

  /**
   * What one sweep did.
   *
   * @param settingsAvailable false when tenant-api could not be asked; nothing was deleted
   */
  public record Result(boolean settingsAvailable, List<LocalDate> droppedDays, long deletedRows) {}

  /** One sweep. */
  public Result sweep() throws SQLException {
    RetentionSettings settings;
    try {
      settings = source.fetch();
    } catch (RetentionUnavailable e) {
      LOG.warnf("Retention sweep skipped, nothing deleted: %s", e.getMessage());
      metrics.sweep("settings_unavailable");
      return new Result(false, List.of(), 0);
    }
    try {
      Instant now = clock.instant();
      List<LocalDate> dropped = partitions.dropBefore(cutoff(now, settings.longestDays()));
      metrics.partitionsDropped(dropped.size());
      long deleted = 0;
      for (Map.Entry<String, Integer> org : settings.orgDays().entrySet()) {
        deleted +=
            deleteInBatches(
                "org_id = ? and time < ?", org.getKey(), cutoffTimestamp(now, org.getValue()));
      }
      deleted += deleteUnlisted(settings, cutoffTimestamp(now, settings.defaultDays()));
      metrics.sweep("completed");
      if (!dropped.isEmpty() || deleted > 0) {
        LOG.infof(
            "Retention sweep: dropped %d daily partitions, deleted %d rows",
            dropped.size(), deleted);
      }
      return new Result(true, dropped, deleted);
    } catch (SQLException | RuntimeException e) {
      metrics.sweep("failed");
      throw e;
    }
  }

  private long deleteUnlisted(RetentionSettings settings, OffsetDateTime cutoff)
      throws SQLException {
    String[] listed = settings.orgDays().keySet().toArray(new String[0]);
    return deleteInBatches("(org_id is null or org_id <> all(?)) and time < ?", listed, cutoff);
  }

  /**
   * Deletes the rows matching {@code condition} (whose parameters are {@code params}, the last
   * being the time cutoff, so partitions after it are pruned; a {@code String[]} is bound as a text
   * array) at most {@code deleteBatch} at a time, each batch its own transaction.
   */
  private long deleteInBatches(String condition, Object... params) throws SQLException {
    String sql =
        "delete from audit_event where "
            + condition
            + " and (event_id, time) in (select event_id, time from audit_event where "
            + condition
            + " limit ?)";
    long total = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      c.setAutoCommit(true);
      List<Object> all = new ArrayList<>(List.of(params));
      all.addAll(List.of(params));
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i) instanceof String[] texts) {
          st.setArray(i + 1, c.createArrayOf("text", texts));
        } else {
          st.setObject(i + 1, all.get(i));
        }
      }
      st.setInt(all.size() + 1, deleteBatch);
      int deleted;
      do {
        deleted = st.executeUpdate();
        total += deleted;
        metrics.retentionDeleted(deleted);
      } while (deleted == deleteBatch);
    }
    return total;
  }

  private static Instant cutoff(Instant now, int days) {
    return now.minus(Duration.ofDays(days));
  }

  private static OffsetDateTime cutoffTimestamp(Instant now, int days) {
    return cutoff(now, days).atOffset(ZoneOffset.UTC);
  }
}
