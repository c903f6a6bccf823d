package io.aviary.audit.pipeline.tail;

import io.aviary.audit.pipeline.store.EventWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one dedicated connection in {@code LISTEN aviary_audit} on its own thread and wakes the
 * tails of the organizations each notification names. Every pipeline instance notifies after its
 * inserts commit, so a tail served by one instance sees events stored by any. After a reconnect
 * every tail is woken, since notifications sent meanwhile are lost.
 */
public final class TailListener implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TailListener.class);
  private static final int POLL_MILLIS = 5000;

  private final TailHub hub;
  private final Callable<Connection> connect;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;
  private volatile Connection connection;

  /**
   * @param connect opens a connection outside any pool (it is held for the life of the process)
   */
  public TailListener(TailHub hub, Callable<Connection> connect) {
    this.hub = hub;
    this.connect = connect;
    this.thread =
        Thread.ofPlatform().daemon().name("aviary-audit-tail-listener").unstarted(this::loop);
  }

  public TailListener start() {
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
        LOG.debug("Closing the LISTEN connection failed", e);
      }
    }
    thread.interrupt();
  }

  private void loop() {
    long backoff = 500;
    while (running) {
      try (Connection c = connect.call()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + EventWriter.CHANNEL);
        }
        listening = true;
        backoff = 500;
        hub.wake(null);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            hub.wake(orgs(notifications));
          }
        }
      } catch (Exception e) {
        if (running) {
          LOG.warnf("Audit tail LISTEN connection lost (%s); reconnecting", e.getMessage());
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

  /** The organizations named by the notifications, or null when one says {@code *}. */
  private static Set<String> orgs(PGNotification[] notifications) {
    Set<String> orgs = new HashSet<>();
    for (PGNotification n : notifications) {
      if (n.getParameter().equals("*")) {
        return null;
      }
      orgs.addAll(Arrays.asList(n.getParameter().split(",")));
    }
    return orgs;
  }
}
