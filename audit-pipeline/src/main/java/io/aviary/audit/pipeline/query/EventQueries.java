package io.aviary.audit.pipeline.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads one organization's events: pages for the listing, a streaming cursor for exports. */
public final class EventQueries {

  /** The columns of the CSV export, in order; also the header. */
  public static final List<String> COLUMNS =
      List.of(
          "event_id",
          "time",
          "type",
          "org_id",
          "node_id",
          "client_id",
          "principal",
          "topic",
          "action",
          "verdict",
          "reason");

  private final DataSource dataSource;
  private final WireJson wire = new WireJson();

  public EventQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * One page, newest first.
   *
   * @param events each event in its wire form
   * @param next where the following page starts, or null on the last page
   */
  public record Page(List<byte[]> events, Cursor next) {}

  /** Receives the rows of an export one at a time. */
  public interface RowSink {
    /** {@code columns} are in {@link #COLUMNS} order; {@code json} is null for column exports. */
    void row(List<String> columns, byte[] json) throws java.io.IOException;
  }

  /** Up to {@code limit} events after {@code after} (null: from the newest). */
  public Page page(String org, EventFilter filter, Cursor after, int limit) throws SQLException {
    Where where = new Where(org, filter);
    if (after != null) {
      where.add("(time, event_id) < (?, ?)", Where.timestamp(after.time()), after.eventId());
    }
    String sql =
        "select time, event_id, event::text from audit_event"
            + where.sql()
            + " order by time desc, event_id desc limit ?";
    List<byte[]> events = new ArrayList<>();
    Cursor last = null;
    boolean more = false;
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setInt(where.bind(st), limit + 1);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (events.size() == limit) {
            more = true;
            break;
          }
          last =
              new Cursor(
                  rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class));
          events.add(wire.render(rs.getString(3)));
        }
      }
    }
    return new Page(events, more ? last : null);
  }

  /**
   * Streams every matching event, oldest first, from a server-side cursor: {@code fetchSize} rows
   * are in memory at a time whatever the size of the export.
   *
   * @param json whether the sink wants the wire documents (else only the columns)
   */
  public void export(String org, EventFilter filter, boolean json, int fetchSize, RowSink sink)
      throws SQLException, java.io.IOException {
    Where where = new Where(org, filter);
    String sql =
        "select "
            + String.join(", ", COLUMNS)
            + (json ? ", event::text" : "")
            + " from audit_event"
            + where.sql()
            + " order by time, event_id";
    try (Connection c = dataSource.getConnection()) {
      // pgjdbc streams with a fetch size only inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement st = c.prepareStatement(sql)) {
        st.setFetchSize(fetchSize);
        where.bind(st);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            List<String> columns = new ArrayList<>(COLUMNS.size());
            columns.add(rs.getString(1));
            columns.add(rs.getObject(2, OffsetDateTime.class).toInstant().toString());
            for (int i = 3; i <= COLUMNS.size(); i++) {
              columns.add(rs.getString(i));
            }
            sink.row(columns, json ? wire.render(rs.getString(COLUMNS.size() + 1)) : null);
          }
        }
      } finally {
        // Only read: nothing to keep; the pool restores auto-commit.
        c.rollback();
      }
    }
  }
}
