package io.aviary.audit.pipeline;

import io.aviary.kafka.EmbeddedKafka;
import io.aviary.service.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL (service-common's {@link TestPostgres}) and a real Kafka for the plain
 * (non-Quarkus) tests, started once per test JVM and stopped when it exits. Each test takes a fresh
 * database (migrated by Flyway, as the service does) and fresh topic names, so tests share the
 * servers but no state.
 */
public final class TestStores {

  private static EmbeddedKafka kafka;

  private TestStores() {}

  /** A new database of the JVM's shared PostgreSQL, migrated by Flyway as the service does. */
  public static DataSource newDatabase() {
    DataSource ds = TestPostgres.newDatabase();
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return ds;
  }

  /** The shared broker. */
  public static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafka.builder().partitions(3).build().start();
      EmbeddedKafka started = kafka;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return kafka;
  }

  /** A fresh name, for topics and consumer groups. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The single number {@code sql} returns. */
  public static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code sql}. */
  public static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
