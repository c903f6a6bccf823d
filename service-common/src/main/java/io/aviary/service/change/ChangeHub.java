package io.aviary.service.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Streams the change feed to subscribed brokers. Each subscriber has a cursor (the last seq it was
 * sent); a wake-up makes it read {@code change_event} rows after its cursor and send them in seq
 * order. The table is the truth: a missed NOTIFY only delays delivery until the next wake-up or
 * keep-alive. Work for one subscriber runs serially; subscribers are independent.
 */
@ApplicationScoped
public class ChangeHub {

  private static final Logger LOG = Logger.getLogger(ChangeHub.class);
  private static final int BATCH = 500;
  private static final int MAX_SUBSCRIBERS = 1000;
  private static final long SEND_TIMEOUT_SECONDS = 10;
  private static final long KEEPALIVE_SECONDS = 15;
  private static final long RECONNECT_DELAY_MILLIS = 2000;

  private final AgroalDataSource dataSource;
  private final ObjectMapper json;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private ExecutorService workers;
  private ScheduledExecutorService ticker;

  public ChangeHub(AgroalDataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  @PostConstruct
  void start() {
    workers = Executors.newFixedThreadPool(4, named("aviary-change-feed"));
    ticker = Executors.newSingleThreadScheduledExecutor(named("aviary-change-keepalive"));
    ticker.scheduleAtFixedRate(
        this::keepAlive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    workers.shutdownNow();
    for (Subscriber s : subscribers) {
      s.sink.close();
    }
    subscribers.clear();
  }

  /**
   * Adds a subscriber that first receives every event after {@code after} (or, when negative, only
   * events committed from now on), then live events.
   */
  public void subscribe(SseEventSink sink, Sse sse, long after) {
    if (subscribers.size() >= MAX_SUBSCRIBERS) {
      throw new ProblemException(
          ProblemCode.UNAVAILABLE, "Too many change-feed subscribers; retry later.");
    }
    Subscriber s = new Subscriber(sink, sse, after);
    if (s.cursor < 0) {
      s.cursor = head();
    }
    // The first write happens here, on the request's thread and before any worker can write: it
    // commits the response head (two threads committing it race), carries the reconnect delay, and
    // comes after the cursor is fixed, so a client that saw it misses no later change.
    send(
        s,
        sse.newEventBuilder()
            .comment("aviary change feed")
            .reconnectDelay(RECONNECT_DELAY_MILLIS)
            .build());
    subscribers.add(s);
    schedule(s);
  }

  /** Makes every subscriber look for new events. */
  public void wakeAll() {
    for (Subscriber s : subscribers) {
      schedule(s);
    }
  }

  /** Number of open subscriptions. */
  public int subscriberCount() {
    return subscribers.size();
  }

  private void keepAlive() {
    for (Subscriber s : subscribers) {
      s.keepAliveDue = true;
      schedule(s);
    }
  }

  private void schedule(Subscriber s) {
    s.pending.set(true);
    if (s.running.compareAndSet(false, true)) {
      try {
        workers.execute(() -> run(s));
      } catch (RejectedExecutionException e) {
        s.running.set(false); // shutting down
      }
    }
  }

  private void run(Subscriber s) {
    try {
      while (s.pending.getAndSet(false)) {
        drain(s);
      }
    } catch (RuntimeException e) {
      LOG.debugf(e, "Change-feed subscriber dropped");
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
    List<ChangeEvent> batch;
    do {
      batch = read(s.cursor, BATCH);
      for (ChangeEvent event : batch) {
        send(s, toSse(s.sse, event));
        s.cursor = event.seq();
      }
    } while (batch.size() == BATCH);
    if (s.keepAliveDue) {
      s.keepAliveDue = false;
      send(s, s.sse.newEventBuilder().comment("keep-alive").build());
    }
  }

  private OutboundSseEvent toSse(Sse sse, ChangeEvent event) {
    try {
      return sse.newEventBuilder()
          .id(Long.toString(event.seq()))
          .data(json.writeValueAsString(event))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A change event cannot be serialised", e);
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

  private long head() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement("select coalesce(max(seq), 0) from change_event");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the change feed head", e);
    }
  }

  private List<ChangeEvent> read(long after, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "select seq, org_id, kind, created_at from change_event"
                    + " where seq > ? order by seq limit ?")) {
      st.setLong(1, after);
      st.setInt(2, limit);
      List<ChangeEvent> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ChangeEvent(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the change feed", e);
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static final class Subscriber {
    final SseEventSink sink;
    final Sse sse;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean pending = new AtomicBoolean();
    volatile long cursor;
    volatile boolean keepAliveDue;

    Subscriber(SseEventSink sink, Sse sse, long cursor) {
      this.sink = sink;
      this.sse = sse;
      this.cursor = cursor;
    }
  }
}
