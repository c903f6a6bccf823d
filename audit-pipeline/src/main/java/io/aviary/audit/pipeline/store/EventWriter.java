package io.aviary.audit.pipeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Writes a batch of events in one transaction: one {@code INSERT ... SELECT FROM unnest(...)} whose
 * arrays carry every row (twelve parameters whatever the batch size), skipping events already
 * stored, then a {@code NOTIFY} naming the batch's organizations for live tails. The notification
 * is delivered only if the transaction commits.
 */
public final class EventWriter {

  /**
   * The NOTIFY channel; the payload is a comma-separated list of org ids, or {@link #EVERY_ORG}.
   */
  public static final String CHANNEL = "aviary_audit";

  /** The payload that wakes every tail, when the org ids would not fit. */
  public static final String EVERY_ORG = "*";

  // NOTIFY payloads must stay under 8000 bytes; past this, every tail is woken instead.
  private static final int MAX_PAYLOAD = 7000;

  private static final String INSERT =
      "insert into audit_event"
          + " (event_id, org_id, type, time, node_id, client_id, principal, topic, action,"
          + " verdict, reason, event)"
          + " select u.event_id::uuid, u.org_id, u.type, u.time::timestamptz, u.node_id,"
          + " u.client_id, u.principal, u.topic, u.action, u.verdict, u.reason, u.event::jsonb"
          + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + " as u(event_id, org_id, type, time, node_id, client_id, principal, topic, action,"
          + " verdict, reason, event)"
          + " on conflict (event_id, time) do nothing";

  private final DataSource dataSource;

  public EventWriter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores {@code rows} atomically.
   *
   * @return how many rows were new; the rest were already stored (redeliveries)
   * @throws SQLException when nothing was stored; the caller retries the whole batch
   */
  public int write(List<EventRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int inserted = insert(c, rows);
        if (inserted > 0) {
          notify(c, rows);
        }
        c.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  private static int insert(Connection c, List<EventRow> rows) throws SQLException {
    int n = rows.size();
    String[][] columns = new String[12][n];
    for (int i = 0; i < n; i++) {
      EventRow r = rows.get(i);
      columns[0][i] = r.eventId().toString();
      columns[1][i] = r.orgId();
      columns[2][i] = r.type();
      columns[3][i] = r.time().toString();
      columns[4][i] = r.nodeId();
      columns[5][i] = r.clientId();
      columns[6][i] = r.principal();
      columns[7][i] = r.topic();
      columns[8][i] = r.action();
      columns[9][i] = r.verdict();
      columns[10][i] = r.reason();
      columns[11][i] = r.json();
    }
    try (PreparedStatement st = c.prepareStatement(INSERT)) {
      for (int col = 0; col < columns.length; col++) {
        st.setArray(col + 1, c.createArrayOf("text", columns[col]));
      }
      return st.executeUpdate();
    }
  }

  private static void notify(Connection c, List<EventRow> rows) throws SQLException {
    Set<String> orgs = new LinkedHashSet<>();
    for (EventRow r : rows) {
      if (r.orgId() != null) {
        orgs.add(r.orgId());
      }
    }
    if (orgs.isEmpty()) {
      return; // org-less events are never tailed
    }
    String payload = String.join(",", orgs);
    if (payload.length() > MAX_PAYLOAD) {
      payload = EVERY_ORG;
    }
    try (PreparedStatement st = c.prepareStatement("select pg_notify(?, ?)")) {
      st.setString(1, CHANNEL);
      st.setString(2, payload);
      st.execute();
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
