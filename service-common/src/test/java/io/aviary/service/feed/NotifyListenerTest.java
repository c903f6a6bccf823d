package io.aviary.service.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aviary.service.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The shared LISTEN connection against a real PostgreSQL. */
class NotifyListenerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String CHANNEL = "aviary_test";

  private final DataSource db = TestPostgres.newDatabase();
  private final AtomicInteger connected = new AtomicInteger();
  private final List<String> payloads = new CopyOnWriteArrayList<>();
  private final NotifyListener.Handler handler =
      new NotifyListener.Handler() {
        @Override
        public void connected() {
          connected.incrementAndGet();
        }

        @Override
        public void notified(List<String> received) {
          payloads.addAll(received);
        }
      };

  @Test
  void notificationsReachTheHandlerAndALostConnectionIsOpenedAgain() throws Exception {
    try (NotifyListener listener = new NotifyListener(CHANNEL, db::getConnection, handler)) {
      listener.start();
      await().atMost(DEADLINE).until(listener::listening);
      assertThat(connected).hasValue(1);

      sql("select pg_notify(?, 'first')", CHANNEL);
      sql("select pg_notify(?, 'second')", CHANNEL);
      await().atMost(DEADLINE).until(() -> payloads.size() == 2);
      assertThat(payloads).containsExactly("first", "second");

      // The server ends the listening session: the listener says so once it is back, because
      // whatever was notified in between is lost.
      sql(
          "select pg_terminate_backend(pid) from pg_stat_activity where query = ?",
          "LISTEN " + CHANNEL);
      await().atMost(DEADLINE).until(() -> connected.get() == 2 && listener.listening());
      sql("select pg_notify(?, 'third')", CHANNEL);
      await().atMost(DEADLINE).until(() -> payloads.contains("third"));

      listener.close();
      await().atMost(DEADLINE).until(() -> !listener.listening());
    }
  }

  @Test
  void theChannelMustBeAPlainName() {
    assertThatThrownBy(() -> new NotifyListener("x; drop table t", db::getConnection, handler))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void sql(String query, String param) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(query)) {
      st.setString(1, param);
      st.execute();
    }
  }
}
