package io.aviary.audit.pipeline.tail;

import io.aviary.audit.pipeline.query.EventFilter;
import io.aviary.audit.pipeline.query.WireJson;
import io.aviary.service.feed.FeedHub;
import io.aviary.service.feed.FeedSource;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Live tails: each subscriber follows one organization's events in {@code seq} order from its
 * cursor, on service-common's {@link FeedHub}. A wake-up (a NOTIFY from whichever pipeline instance
 * stored events of that organization) makes it read the rows after its cursor and send those its
 * filter matches. A tail ends when its access token expires, so a revoked member cannot keep
 * watching.
 */
public final class TailHub implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TailHub.class);

  private final DataSource dataSource;
  private final WireJson wire = new WireJson();
  private final FeedHub feed;

  public TailHub(DataSource dataSource, int maxSubscribers, Clock clock) {
    this.dataSource = dataSource;
    this.feed = new FeedHub("audit tail", maxSubscribers, clock);
  }

  /**
   * Adds a tail of {@code org}'s events matching {@code filter}: after {@code after} when it is not
   * negative (a resumed stream), else from events stored from now on; it ends at {@code expiresAt}.
   */
  public void subscribe(
      SseEventSink sink, Sse sse, String org, EventFilter filter, long after, Instant expiresAt) {
    feed.subscribe(sink, sse, new Trail(org, filter), after, org, expiresAt);
  }

  /** Wakes the tails of {@code orgs}. */
  public void wake(Collection<String> orgs) {
    feed.wake(orgs);
  }

  /** Wakes every tail. */
  public void wakeAll() {
    feed.wakeAll();
  }

  /** Open tails. */
  public int size() {
    return feed.size();
  }

  @Override
  public void close() {
    feed.close();
  }

  /** One tail's rows: its organization's, in {@code seq} order, those its filter matches sent. */
  private final class Trail implements FeedSource {

    private final String org;
    private final EventFilter filter;

    Trail(String org, EventFilter filter) {
      this.org = org;
      this.filter = filter;
    }

    @Override
    public long head() {
      try (Connection c = dataSource.getConnection();
          PreparedStatement st =
              c.prepareStatement(
                  "select coalesce(max(seq), 0) from audit_event where org_id = ?")) {
        st.setString(1, org);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        throw new ProblemException(ProblemCode.UNAVAILABLE, "The audit store is not reachable.");
      }
    }

    /**
     * Every row after {@code seq}, the filter applied in memory so that each row is read once
     * whatever the filter; rows it does not match only move the cursor.
     */
    @Override
    public List<Entry> after(long seq, int limit) {
      List<Entry> rows = new ArrayList<>();
      try (Connection c = dataSource.getConnection();
          PreparedStatement st =
              c.prepareStatement(
                  "select seq, type, client_id, principal, topic, verdict, reason, event::text"
                      + " from audit_event where org_id = ? and seq > ? order by seq limit ?")) {
        st.setString(1, org);
        st.setLong(2, seq);
        st.setInt(3, limit);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            boolean wanted =
                filter.matches(
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7));
            rows.add(new Entry(rs.getLong(1), wanted ? rs.getString(8) : null));
          }
        }
      } catch (SQLException e) {
        // Kept open: the next wake-up or keep-alive tries again.
        LOG.warnf("Reading the audit tail of %s failed: %s", org, e.getMessage());
        return List.of();
      }
      // Rendered with the connection back in the pool.
      List<Entry> out = new ArrayList<>(rows.size());
      for (Entry row : rows) {
        out.add(
            row.data() == null
                ? row
                : new Entry(
                    row.seq(), new String(wire.render(row.data()), StandardCharsets.UTF_8)));
      }
      return out;
    }
  }
}
