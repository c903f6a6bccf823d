package io.aviary.audit.pipeline.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Counts one organization's refusals over time: authentication failures and denied ACL verdicts
 * (publish, subscribe, will), per bucket, in one grouped query. The conditions on organization,
 * type and time are those of the {@code (org_id, type, time desc)} index, and the time range prunes
 * the daily partitions, so the database reads only the two types' entries of the range; allowed
 * verdicts among them are dropped by the verdict condition.
 */
public final class RefusalCounts {

  /** The types counted: what a refusal can be. */
  static final List<String> TYPES = List.of("auth_failure", "acl_verdict");

  private final DataSource dataSource;

  public RefusalCounts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The refusals of one bucket, which starts at {@code start}. */
  public record Point(Instant start, long authFailures, long denials) {}

  /**
   * Every bucket of {@code window}, oldest first, empty ones included.
   *
   * @param filter the further conditions (client, principal, topic prefix, reason); its types and
   *     range are ignored: those are the window's and {@link #TYPES}
   */
  public List<Point> count(String org, EventFilter filter, StatsWindow window) throws SQLException {
    EventFilter refusals =
        new EventFilter(
            TYPES,
            window.from(),
            window.to(),
            filter.clientId(),
            filter.principal(),
            filter.topicPrefix(),
            null,
            filter.reason());
    Where where = new Where(org, refusals).add("(type = 'auth_failure' or verdict = 'deny')");
    // The width is one of Bucket's constants, never client text.
    String sql =
        "select date_bin(interval '"
            + window.bucket().interval()
            + "', time, timestamptz 'epoch'),"
            + " count(*) filter (where type = 'auth_failure'),"
            + " count(*) filter (where type = 'acl_verdict')"
            + " from audit_event"
            + where.sql()
            + " group by 1";
    Map<Instant, Point> found = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      where.bind(st);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Instant start = rs.getObject(1, OffsetDateTime.class).toInstant();
          found.put(start, new Point(start, rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    List<Point> points = new ArrayList<>();
    for (Instant start : window.starts()) {
      points.add(found.getOrDefault(start, new Point(start, 0, 0)));
    }
    return points;
  }
}
