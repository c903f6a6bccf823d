package io.aviary.service.change;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one dedicated PostgreSQL connection in {@code LISTEN aviary_changes} on its own thread and
 * wakes the {@link ChangeHub} on every notification. The connection is outside the pool because it
 * is held for the life of the process. After a reconnect every subscriber is woken, since
 * notifications sent while disconnected are lost.
 */
@ApplicationScoped
public class ChangeListener {

  private static final Logger LOG = Logger.getLogger(ChangeListener.class);
  private static final int POLL_MILLIS = 5000;

  private final ChangeHub hub;
  private final String application;
  private final String url;
  private final Optional<String> username;
  private final Optional<String> password;

  private volatile boolean running;
  private volatile boolean listening;
  private volatile Connection connection;
  private Thread thread;

  public ChangeListener(
      ChangeHub hub,
      @ConfigProperty(name = "quarkus.application.name") String application,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.hub = hub;
    this.application = application;
    this.url = url;
    this.username = username;
    this.password = password;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = new Thread(this::loop, "aviary-change-listener");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("Closing the LISTEN connection failed", e);
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Whether the LISTEN connection is up. */
  public boolean listening() {
    return listening;
  }

  private void loop() {
    long backoff = 500;
    while (running) {
      try (Connection c = connect()) {
        connection = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + ChangeLog.CHANNEL);
        }
        listening = true;
        backoff = 500;
        hub.wakeAll();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            hub.wakeAll();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf("Change-feed LISTEN connection lost (%s); reconnecting", e.getMessage());
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
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    username.ifPresent(u -> props.setProperty("user", u));
    password.ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", application + " change listener");
    props.setProperty("tcpKeepAlive", "true");
    Connection c = new org.postgresql.Driver().connect(url, props);
    if (c == null) {
      throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
    }
    c.setAutoCommit(true);
    return c;
  }
}
