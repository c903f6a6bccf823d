package io.aviary.audit.pipeline.tail;

import io.aviary.audit.pipeline.query.EventFilter;
import io.aviary.audit.pipeline.query.WireJson;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.ws.rs.sse.OutboundSseEvent;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Live tails: each subscriber follows one organization's events in {@code seq} order from its
 * cursor (the last seq it saw). A wake-up (a NOTIFY from whichever pipeline instance stored events
 * of that organization) makes it read the rows after its cursor and send those its filter matches.
 * The table is the truth: a missed notification only delays delivery until the next keep-alive.
 * Work for one subscriber runs serially; subscribers are independent. A tail ends when its access
 * token expires, so a revoked member cannot keep watching.
 */
public final class TailHub implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TailHub.class);
  private static final int BATCH = 500;
  private static final long SEND_TIMEOUT_SECONDS = 10;
  private static final long KEEPALIVE_SECONDS = 15;
  private static final long RECONNECT_DELAY_MILLIS = 2000;

  private final DataSource dataSource;
  private final int maxSubscribers;
  private final Clock clock;
  private final WireJson wire = new WireJson();
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;

  public TailHub(DataSource dataSource, int maxSubscribers, Clock clock) {
    this.dataSource = dataSource;
    this.maxSubscribers = maxSubscribers;
    this.clock = clock;
    this.workers =
        Executors.newFixedThreadPool(
            4, Thread.ofPlatform().daemon().name("aviary-audit-tail-", 1).factory());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aviary-audit-tail-keepalive").factory());
    ticker.scheduleAtFixedRate(
        this::keepAlive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Adds a tail of {@code org}'s events matching {@code filter}: after {@code after} when it is not
   * negative (a resumed stream), else from events stored from now on; it ends at {@code expiresAt}.
   */
  public void subscribe(
      SseEventSink sink, Sse sse, String org, EventFilter filter, long after, Instant expiresAt) {
    if (subscribers.size() >= maxSubscribers) {
      throw new ProblemException(
          ProblemCode.UNAVAILABLE, "Too many live tails are open; retry later.");
    }
    Subscriber s = new Subscriber(sink, sse, org, filter, expiresAt);
    s.cursor = after >= 0 ? after : head(org);
    // The first write commits the response head on the request's thread (two threads committing it
    // race) and comes after the cursor is fixed, so nothing stored after this is missed.
    send(
        s,
        sse.newEventBuilder()
            .comment("aviary audit tail")
            .reconnectDelay(RECONNECT_DELAY_MILLIS)
            .build());
    subscribers.add(s);
    schedule(s);
  }

  /** Wakes the tails of {@code orgs}, or every tail when {@code orgs} is null. */
  public void wake(Collection<String> orgs) {
    for (Subscriber s : subscribers) {
      if (orgs == null || orgs.contains(s.org)) {
        schedule(s);
      }
    }
  }

  /** Open tails. */
  public int size() {
    return subscribers.size();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
    for (Subscriber s : subscribers) {
      s.sink.close();
    }
    subscribers.clear();
  }

  private void keepAlive() {
    Instant now = clock.instant();
    for (Subscriber s : subscribers) {
      if (now.isAfter(s.expiresAt)) {
        drop(s);
      } else {
        s.keepAliveDue = true;
        schedule(s);
      }
    }
  }

  private void schedule(Subscriber s) {
    s.pending.set(true);
    if (s.running.compareAndSet(false, true)) {
      try {
        workers.execute(() -> run(s));
      } catch (RejectedExecutionException e) {
        s.running.set(false); // closing
      }
    }
  }

  private void run(Subscriber s) {
    try {
      while (s.pending.getAndSet(false)) {
        drain(s);
      }
    } catch (RuntimeException e) {
      LOG.debugf(e, "Audit tail dropped");
      drop(s);
    } finally {
      s.running.set(false);
    }
    if (s.pending.get() && subscribers.contains(s)) {
      schedule(s);
    }
  }

  private void drain(Subscriber s) {
    if (s.sink.isClosed()) {
      drop(s);
      return;
    }
    int read;
    do {
      read = readAndSend(s);
    } while (read == BATCH);
    if (s.keepAliveDue) {
      s.keepAliveDue = false;
      send(s, s.sse.newEventBuilder().comment("keep-alive").build());
    }
  }

  /** Reads the next rows after the cursor, sends those the filter matches; returns rows read. */
  private int readAndSend(Subscriber s) {
    List<Row> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "select seq, type, client_id, principal, topic, verdict, reason, event::text"
                    + " from audit_event where org_id = ? and seq > ? order by seq limit ?")) {
      st.setString(1, s.org);
      st.setLong(2, s.cursor);
      st.setInt(3, BATCH);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          boolean wanted =
              s.filter.matches(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7));
          rows.add(new Row(rs.getLong(1), wanted ? rs.getString(8) : null));
        }
      }
    } catch (SQLException e) {
      // Kept open: the next wake-up or keep-alive tries again.
      LOG.warnf("Reading the audit tail of %s failed: %s", s.org, e.getMessage());
      return 0;
    }
    // Sent with the connection back in the pool: a slow client holds only its own worker.
    for (Row row : rows) {
      if (row.stored() != null) {
        String json = new String(wire.render(row.stored()), StandardCharsets.UTF_8);
        send(s, s.sse.newEventBuilder().id(Long.toString(row.seq())).data(json).build());
      }
      s.cursor = row.seq();
    }
    return rows.size();
  }

  /** A row after a tail's cursor; {@code stored} is null when the filter does not want it. */
  private record Row(long seq, String stored) {}

  private long head(String org) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement("select coalesce(max(seq), 0) from audit_event where org_id = ?")) {
      st.setString(1, org);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new ProblemException(ProblemCode.UNAVAILABLE, "The audit store is not reachable.");
    }
  }

  private void send(Subscriber s, OutboundSseEvent event) {
    try {
      s.sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("send failed", e);
    }
  }

  private void drop(Subscriber s) {
    subscribers.remove(s);
    if (!s.sink.isClosed()) {
      s.sink.close();
    }
  }

  private static final class Subscriber {
    final SseEventSink sink;
    final Sse sse;
    final String org;
    final EventFilter filter;
    final Instant expiresAt;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean pending = new AtomicBoolean();
    volatile long cursor;
    volatile boolean keepAliveDue;

    Subscriber(SseEventSink sink, Sse sse, String org, EventFilter filter, Instant expiresAt) {
      this.sink = sink;
      this.sse = sse;
      this.org = org;
      this.filter = filter;
      this.expiresAt = expiresAt;
    }
  }
}
