package io.aviary.service.feed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one dedicated PostgreSQL connection in {@code LISTEN <channel>} on a thread of its own and
 * hands every batch of notifications to its {@link Handler}. The connection is outside any pool
 * because it is held for the life of the listener; when it is lost, it is opened again with a
 * growing pause (0.5 s doubling to 30 s), and the handler hears {@link Handler#connected()} again,
 * since notifications sent meanwhile are lost.
 */
public final class NotifyListener implements AutoCloseable {

  /** Opens the listening connection. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  /** What the listener reports; called on its own thread. */
  public interface Handler {
    /** LISTEN is in place, first or again: whatever was notified while it was not is lost. */
    void connected();

    /** Notifications arrived: their payloads, in order. */
    void notified(List<String> payloads);

    /** A handler that runs {@code wake} on both. */
    static Handler onAny(Runnable wake) {
      return new Handler() {
        @Override
        public void connected() {
          wake.run();
        }

        @Override
        public void notified(List<String> payloads) {
          wake.run();
        }
      };
    }
  }

  private static final Logger LOG = Logger.getLogger(NotifyListener.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final int POLL_MILLIS = 5000;
  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final String channel;
  private final Connector connector;
  private final Handler handler;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;
  private volatile Connection connection;

  /**
   * @param channel a lower-case SQL identifier
   */
  public NotifyListener(String channel, Connector connector, Handler handler) {
    if (!IDENTIFIER.matcher(channel).matches()) {
      throw new IllegalArgumentException("Not a plain channel name: " + channel);
    }
    this.channel = channel;
    this.connector = connector;
    this.handler = handler;
    this.thread =
        Thread.ofPlatform().daemon().name("aviary-listen-" + channel).unstarted(this::loop);
  }

  /** Starts listening; returns at once. */
  public NotifyListener start() {
    thread.start();
    return this;
  }

  /** Whether the LISTEN connection is up. */
  public boolean listening() {
    return listening;
  }

  @Override
  public void close() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debugf(e, "Closing the LISTEN %s connection failed", channel);
      }
    }
    thread.interrupt();
  }

  private void loop() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (running) {
      try (Connection c = connector.open()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        listening = true;
        backoff = FIRST_BACKOFF_MILLIS;
        handler.connected();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            handler.notified(payloads(notifications));
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf(
              "The LISTEN %s connection was lost (%s); reconnecting", channel, e.getMessage());
        }
      } finally {
        listening = false;
        connection = null;
      }
      if (running) {
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  private static List<String> payloads(PGNotification[] notifications) {
    List<String> payloads = new ArrayList<>(notifications.length);
    for (PGNotification n : notifications) {
      payloads.add(n.getParameter());
    }
    return payloads;
  }
}
