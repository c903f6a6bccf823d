package io.aviary.audit.pipeline.query;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Receives the events of an export one at a time. */
  public interface JsonSink {
    /** {@code json} is the event's wire form. */
    void event(byte[] json) throws IOException;
  }

  /** Receives the rows of a column export one at a time. */
  public interface ColumnSink {
    /** {@code columns} are in {@link #COLUMNS} order; the list is reused for the next row. */
    void row(List<String> columns) throws IOException;
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

  /** Streams every matching event in its wire form, oldest first ({@link #stream}). */
  public void exportJson(String org, EventFilter filter, int fetchSize, JsonSink sink)
      throws SQLException, IOException {
    stream("event::text", org, filter, fetchSize, rs -> sink.event(wire.render(rs.getString(1))));
  }

  /** Streams the {@link #COLUMNS} of every matching event, oldest first ({@link #stream}). */
  public void exportColumns(String org, EventFilter filter, int fetchSize, ColumnSink sink)
      throws SQLException, IOException {
    String[] row = new String[COLUMNS.size()];
    List<String> columns = Arrays.asList(row);
    stream(
        String.join(", ", COLUMNS),
        org,
        filter,
        fetchSize,
        rs -> {
          row[0] = rs.getString(1);
          row[1] = rs.getObject(2, OffsetDateTime.class).toInstant().toString();
          for (int i = 2; i < row.length; i++) {
            row[i] = rs.getString(i + 1);
          }
          sink.row(columns);
        });
  }

  /** Reads the current row of an export. */
  private interface RowReader {
    void read(ResultSet rs) throws SQLException, IOException;
  }

  /**
   * Selects {@code select} of every matching event, oldest first, from a server-side cursor: {@code
   * fetchSize} rows are in memory at a time whatever the size of the export.
   */
  private void stream(
      String select, String org, EventFilter filter, int fetchSize, RowReader reader)
      throws SQLException, IOException {
    Where where = new Where(org, filter);
    String sql =
        "select " + select + " from audit_event" + where.sql() + " order by time, event_id";
    try (Connection c = dataSource.getConnection()) {
      // pgjdbc streams with a fetch size only inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement st = c.prepareStatement(sql)) {
        st.setFetchSize(fetchSize);
        where.bind(st);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            reader.read(rs);
          }
        }
      } finally {
        // Only read: nothing to keep; the pool restores auto-commit.
        c.rollback();
      }
    }
  }
}
