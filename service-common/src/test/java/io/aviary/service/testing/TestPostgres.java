package io.aviary.service.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for tests (zonky embedded binaries) on a free loopback port, tuned for speed
 * over durability. {@link PostgresResource} starts one per Quarkus application; plain tests take a
 * fresh database of one server shared by the test JVM from {@link #newDatabase}.
 */
public final class TestPostgres {

  private static EmbeddedPostgres shared;

  private TestPostgres() {}

  /** Starts a new server; the caller closes it. */
  public static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder()
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
    }
  }

  /**
   * A new, empty database on the server this JVM shares (started on first use, stopped when the JVM
   * exits), so tests share the server but no state.
   */
  public static synchronized DataSource newDatabase() {
    if (shared == null) {
      EmbeddedPostgres started = start();
      shared = started;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
    }
    String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = shared.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL("jdbc:postgresql://127.0.0.1:" + shared.getPort() + "/" + name);
    ds.setUser("postgres");
    ds.setPassword("postgres");
    return ds;
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // exiting anyway
    }
  }
}
