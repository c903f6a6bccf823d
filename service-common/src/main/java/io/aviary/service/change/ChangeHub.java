package io.aviary.service.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.aviary.service.feed.FeedHub;
import io.aviary.service.feed.FeedSource;
import io.aviary.service.feed.NotifyListener;
import io.aviary.service.feed.NotifyListeners;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the change feed to subscribed brokers: a {@link FeedHub} over the {@code change_event}
 * rows, woken by a {@link NotifyListener} on {@value ChangeLog#CHANNEL} at every commit and, after
 * a reconnect of that listener, for every subscriber (notifications sent meanwhile are lost). Every
 * subscriber follows every organization.
 */
@ApplicationScoped
public class ChangeHub implements FeedSource {

  private static final int MAX_SUBSCRIBERS = 1000;

  private final AgroalDataSource dataSource;
  private final ObjectMapper json;
  private final NotifyListeners listeners;
  private FeedHub hub;
  private volatile NotifyListener listener;

  public ChangeHub(AgroalDataSource dataSource, ObjectMapper json, NotifyListeners listeners) {
    this.dataSource = dataSource;
    this.json = json;
    this.listeners = listeners;
  }

  @PostConstruct
  void start() {
    hub = new FeedHub("change feed", MAX_SUBSCRIBERS, Clock.systemUTC());
  }

  void listen(@Observes StartupEvent event) {
    listener = listeners.start(ChangeLog.CHANNEL, NotifyListener.Handler.onAny(hub::wakeAll));
  }

  @PreDestroy
  void stop() {
    hub.close();
  }

  /**
   * Adds a subscriber that first receives every event after {@code after} (or, when negative, only
   * events committed from now on), then live events.
   */
  public void subscribe(SseEventSink sink, Sse sse, long after) {
    hub.subscribe(sink, sse, this, after, null, Instant.MAX);
  }

  /** Number of open subscriptions. */
  public int subscriberCount() {
    return hub.size();
  }

  /** Whether the LISTEN connection is up. */
  public boolean listening() {
    NotifyListener l = listener;
    return l != null && l.listening();
  }

  @Override
  public long head() {
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

  @Override
  public List<Entry> after(long seq, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "select seq, org_id, kind, created_at from change_event"
                    + " where seq > ? order by seq limit ?")) {
      st.setLong(1, seq);
      st.setInt(2, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ChangeEvent event =
              new ChangeEvent(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant());
          out.add(new Entry(event.seq(), json.writeValueAsString(event)));
        }
      }
      return out;
    } catch (SQLException e) {
      // Ends the subscription: the broker reconnects with Last-Event-ID and resumes.
      throw new IllegalStateException("Cannot read the change feed", e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A change event cannot be serialised", e);
    }
  }
}
