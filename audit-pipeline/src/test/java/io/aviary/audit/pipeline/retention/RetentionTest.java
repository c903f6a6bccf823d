package io.aviary.audit.pipeline.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.pipeline.Events;
import io.aviary.audit.pipeline.TestStores;
import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.store.EventRow;
import io.aviary.audit.pipeline.store.EventWriter;
import io.aviary.audit.pipeline.store.Partitions;
import io.aviary.broker.auth.AuthFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention against a real PostgreSQL and a stand-in for tenant-api's internal endpoint that
 * answers exactly its documented shape.
 */
class RetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String SHORT = "org_shortshorts"; // 7 days
  private static final String LONG = "org_longlonglong"; // 60 days
  private static final String PLAIN = "org_plainplainp"; // unlisted: the default, 30 days
  private static final String TOKEN = "internal-token-for-retention-tests-0123";
  private static final String SETTINGS =
      "{\"default_retention_days\":30,\"orgs\":[{\"org_id\":\""
          + SHORT
          + "\",\"retention_days\":7},{\"org_id\":\""
          + LONG
          + "\",\"retention_days\":60}]}";

  private final AtomicReference<String> answer = new AtomicReference<>(SETTINGS);
  private final AtomicReference<String> presented = new AtomicReference<>();
  private DataSource db;
  private HttpServer tenantApi;
  private Partitions partitions;
  private AuditMetrics metrics;

  @BeforeEach
  void setUp() throws IOException {
    db = TestStores.newDatabase();
    tenantApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    tenantApi.createContext(
        TenantApiRetention.PATH,
        exchange -> {
          presented.set(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    tenantApi.start();
    partitions = new Partitions(db, Clock.fixed(NOW, ZoneOffset.UTC), 2, 100);
    metrics = new AuditMetrics(new SimpleMeterRegistry());
  }

  @AfterEach
  void tearDown() {
    tenantApi.stop(0);
  }

  @Test
  void eachOrganizationLosesOnlyWhatIsOlderThanItsOwnRetention() throws Exception {
    List<AuditRecord> kept = new ArrayList<>();
    List<AuditRecord> expired = new ArrayList<>();
    for (int daysAgo : new int[] {3, 10, 45, 70}) {
      Instant time = NOW.minus(Duration.ofDays(daysAgo));
      (daysAgo < 7 ? kept : expired).add(Events.connect(SHORT, time, "s", "device:s"));
      (daysAgo < 60 ? kept : expired).add(Events.connect(LONG, time, "l", "device:l"));
      (daysAgo < 30 ? kept : expired).add(Events.connect(PLAIN, time, "p", "device:p"));
      (daysAgo < 30 ? kept : expired)
          .add(Events.authFailure(null, time, "x", null, AuthFailure.UNKNOWN_ORG));
    }
    store(kept);
    store(expired);

    RetentionSweeper.Result result = sweeper(url()).sweep();

    assertThat(result.settingsAvailable()).isTrue();
    assertThat(presented.get()).isEqualTo("Bearer " + TOKEN);
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(Events.ids(kept));
    // Day -70 is older than the longest retention (60 days): its partition is gone; day -45
    // stays for the 60-day organization.
    assertThat(result.droppedDays()).containsExactly(LocalDate.parse("2026-09-22"));
    assertThat(partitions.list())
        .doesNotContain(LocalDate.parse("2026-09-22"))
        .contains(LocalDate.parse("2026-10-17"));
    assertThat(result.deletedRows()).isEqualTo(expired.size() - 4);
    assertThat(metrics.sweeps("completed")).isEqualTo(1);
  }

  @Test
  void nothingIsDeletedWhenTenantApiCannotBeReached() throws Exception {
    List<AuditRecord> old = oldEvents();
    store(old);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    RetentionSweeper.Result result = sweeper("http://127.0.0.1:" + closedPort).sweep();

    assertThat(result.settingsAvailable()).isFalse();
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(Events.ids(old));
    assertThat(partitions.list()).hasSize(2);
    assertThat(metrics.sweeps("settings_unavailable")).isEqualTo(1);
  }

  @Test
  void nothingIsDeletedWhenTheSettingsMakeNoSense() throws Exception {
    List<AuditRecord> old = oldEvents();
    store(old);
    for (String nonsense :
        List.of(
            "{\"default_retention_days\":0,\"orgs\":[]}",
            "{\"default_retention_days\":30,\"orgs\":[{\"org_id\":\"" + SHORT + "\"}]}",
            "{\"default_retention_days\":\"30\"}",
            "not json")) {
      answer.set(nonsense);
      assertThat(sweeper(url()).sweep().settingsAvailable()).as(nonsense).isFalse();
    }
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(Events.ids(old));
  }

  /** Events of every organization 100 days old, each day its own partition. */
  private List<AuditRecord> oldEvents() {
    Instant time = NOW.minus(Duration.ofDays(99));
    return List.of(
        Events.connect(SHORT, time, "s", "device:s"),
        Events.connect(LONG, time.minus(Duration.ofDays(1)), "l", "device:l"),
        Events.authFailure(null, time, "x", null, AuthFailure.UNKNOWN_ORG));
  }

  private RetentionSweeper sweeper(String tenantApiUrl) {
    return new RetentionSweeper(
        db,
        partitions,
        new TenantApiRetention(tenantApiUrl, TOKEN, 30, Duration.ofSeconds(5)),
        metrics,
        Clock.fixed(NOW, ZoneOffset.UTC),
        2);
  }

  private String url() {
    return "http://127.0.0.1:" + tenantApi.getAddress().getPort();
  }

  private void store(List<AuditRecord> records) throws Exception {
    List<EventRow> rows = records.stream().map(r -> EventRow.of(r, Events.json(r))).toList();
    partitions.ensure(rows.stream().map(EventRow::day).toList());
    new EventWriter(db).write(rows);
  }

  private List<java.util.UUID> ids() {
    List<java.util.UUID> ids = new ArrayList<>();
    try (var c = db.getConnection();
        var st = c.createStatement();
        var rs = st.executeQuery("select event_id from audit_event")) {
      while (rs.next()) {
        ids.add(rs.getObject(1, java.util.UUID.class));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }
}
