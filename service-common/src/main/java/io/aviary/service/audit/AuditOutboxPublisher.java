package io.aviary.service.audit;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ships {@code audit_outbox} rows to Kafka on a thread of its own: it locks a batch in event-id
 * order ({@code for update skip locked}, so replicas share the work), sends each row keyed by its
 * organization, waits for the acknowledgements and deletes exactly the acknowledged rows in the
 * same transaction. While Kafka is down the rows stay in the table and rounds are retried with
 * backoff, so nothing is lost; a row sent but not deleted (a crash in between) is sent again, and
 * consumers deduplicate on the event id.
 *
 * <p>Metrics: {@code aviary_audit_outbox_pending} (rows waiting), {@code
 * aviary_audit_outbox_published_total} (rows acknowledged by Kafka) and {@code
 * aviary_audit_outbox_failures_total} (rounds that failed and will be retried).
 */
@ApplicationScoped
public class AuditOutboxPublisher {

  private static final Logger LOG = Logger.getLogger(AuditOutboxPublisher.class);
  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  private static final String PENDING = "aviary.audit.outbox.pending";

  private final AgroalDataSource dataSource;
  private final AuditShipping shipping;
  private final String clientId;
  private final Semaphore wakeUp = new Semaphore(0);
  private final AtomicLong pending = new AtomicLong();
  private final Counter published;
  private final Counter failures;

  private volatile boolean running;
  private Thread thread;
  private KafkaProducer<String, byte[]> producer;

  public AuditOutboxPublisher(
      AgroalDataSource dataSource,
      AuditShipping shipping,
      MeterRegistry registry,
      @ConfigProperty(name = "quarkus.application.name") String application) {
    this.dataSource = dataSource;
    this.shipping = shipping;
    this.clientId = application + "-audit-outbox";
    // An application started earlier in this JVM (tests restart Quarkus) may have left its gauge,
    // bound to its own counter, in the global registry; registering would return that one.
    Gauge stale = registry.find(PENDING).gauge();
    if (stale != null) {
      registry.remove(stale);
    }
    Gauge.builder(PENDING, pending, AtomicLong::get)
        .description("Audit events recorded but not yet acknowledged by Kafka")
        .strongReference(true)
        .register(registry);
    this.published =
        Counter.builder("aviary.audit.outbox.published")
            .description("Audit events acknowledged by Kafka and removed from the outbox")
            .register(registry);
    this.failures =
        Counter.builder("aviary.audit.outbox.failures")
            .description("Outbox rounds that failed (Kafka or the database); they are retried")
            .register(registry);
  }

  void onStart(@Observes StartupEvent event) {
    String off = shipping.disabledReason();
    if (off != null) {
      LOG.infof("Audit events are not recorded: %s", off);
      return;
    }
    LOG.infof(
        "Audit events go to Kafka topic %s at %s (%s) as node %s",
        shipping.topic(),
        shipping.bootstrapServers().orElseThrow(),
        shipping.security(),
        shipping.nodeId());
    shipping.security().warnings().forEach(LOG::warn);
    running = true;
    thread = new Thread(this::loop, "aviary-audit-outbox");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    Thread t = thread;
    if (t == null) {
      return;
    }
    running = false;
    wakeUp.release();
    try {
      t.join(2000);
      if (t.isAlive()) {
        t.interrupt(); // blocked on Kafka: the rows stay and the next start sends them
        t.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the publisher look at the table now; called after a commit that recorded events. */
  public void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void loop() {
    long backoff = 0;
    try {
      while (running) {
        boolean full;
        try {
          full = round() == shipping.batchSize();
          backoff = 0;
        } catch (SQLException | RuntimeException | ExecutionException | InterruptedException e) {
          if (!running) {
            break;
          }
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            break;
          }
          failures.increment();
          backoff = backoff == 0 ? FIRST_BACKOFF_MILLIS : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
          LOG.warnf(
              "Audit outbox: %d events wait; sending failed (%s), retrying in %d ms",
              pending.get(), e.getMessage(), backoff);
          pause(backoff, false);
          continue;
        }
        if (!full) {
          pause(shipping.pollInterval().toMillis(), true);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeProducer(Duration.ofSeconds(2));
    }
  }

  /** One batch: lock, send, await, delete the acknowledged rows, commit. Returns rows locked. */
  private int round() throws SQLException, ExecutionException, InterruptedException {
    List<Row> rows;
    List<UUID> acknowledged;
    Exception failure;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        rows = lock(c);
        acknowledged = new ArrayList<>(rows.size());
        failure = rows.isEmpty() ? null : send(rows, acknowledged);
        delete(c, acknowledged);
        long left = count(c);
        c.commit();
        pending.set(left);
      } catch (SQLException | RuntimeException | InterruptedException e) {
        rollback(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    published.increment(acknowledged.size());
    if (failure != null) {
      throw new ExecutionException(failure.getMessage(), failure);
    }
    return rows.size();
  }

  private List<Row> lock(Connection c) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "select event_id, org_id, payload from audit_outbox"
                + " order by event_id limit ? for update skip locked")) {
      st.setInt(1, shipping.batchSize());
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)));
        }
      }
      return rows;
    }
  }

  /**
   * Sends {@code rows} in order and adds the acknowledged ones to {@code acknowledged}; returns the
   * first failure, or null. Stops sending at a failure the producer reports at once (no metadata
   * within {@code max.block.ms}), since every later row would wait as long.
   */
  private Exception send(List<Row> rows, List<UUID> acknowledged) throws InterruptedException {
    KafkaProducer<String, byte[]> p = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
    Exception failure = null;
    for (Row row : rows) {
      Future<RecordMetadata> f;
      try {
        f = p.send(new ProducerRecord<>(shipping.topic(), row.orgId(), row.payload()));
      } catch (RuntimeException e) {
        failure = e;
        break;
      }
      sent.add(f);
      if (f.isDone() && outcome(f) != null) {
        break;
      }
    }
    p.flush();
    for (int i = 0; i < sent.size(); i++) {
      Exception e = outcome(sent.get(i));
      if (e == null) {
        acknowledged.add(rows.get(i).eventId());
      } else if (failure == null) {
        failure = e;
      }
    }
    if (failure != null && !(failure instanceof RetriableException)) {
      // Anything but a timeout or a lost connection may have left the producer unusable.
      closeProducer(Duration.ZERO);
    }
    return failure;
  }

  /** The failure of a completed send, or null when Kafka acknowledged it. */
  private static Exception outcome(Future<RecordMetadata> f) throws InterruptedException {
    try {
      f.get(0, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause() instanceof Exception cause ? cause : e;
    } catch (java.util.concurrent.TimeoutException e) {
      return e; // not completed after flush: cannot happen, but never count it as sent
    }
  }

  private static void delete(Connection c, List<UUID> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement st =
        c.prepareStatement("delete from audit_outbox where event_id = any (?)")) {
      Array array = c.createArrayOf("uuid", ids.toArray());
      st.setArray(1, array);
      st.executeUpdate();
    }
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("select count(*) from audit_outbox");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("Audit outbox rollback failed", e);
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              OutboxProducerSettings.of(
                  shipping.bootstrapServers().orElseThrow(),
                  shipping.security(),
                  clientId,
                  shipping.sendTimeout()),
              new StringSerializer(),
              new ByteArraySerializer());
    }
    return producer;
  }

  private void closeProducer(Duration timeout) {
    if (producer != null) {
      try {
        producer.close(timeout);
      } catch (RuntimeException e) {
        LOG.debug("Closing the audit producer failed", e);
      }
      producer = null;
    }
  }

  /** Waits {@code millis}; a {@link #wake()} ends the wait early only when {@code wakeable}. */
  private void pause(long millis, boolean wakeable) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      if (wakeUp.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        wakeUp.drainPermits();
        if (wakeable) {
          return;
        }
      }
    }
  }

  private record Row(UUID eventId, String orgId, byte[] payload) {}
}
