package io.aviary.audit.pipeline;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditTopics;
import io.aviary.audit.pipeline.ingest.AuditIngestor;
import io.aviary.audit.pipeline.ingest.IngestSettings;
import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.store.Partitions;
import io.aviary.kafka.EmbeddedKafka;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

/**
 * Sustained ingest rate into the indexed, partitioned store: starts a real Kafka and a real
 * PostgreSQL in this JVM, puts {@code bench.events} realistic events of {@code bench.orgs}
 * organizations on the topic first (mostly ACL verdicts), then times {@code bench.consumers} {@link
 * AuditIngestor}s of one group draining them. Not a test: run it by hand (the command is in the
 * module's README).
 *
 * <p>System properties: {@code bench.events} (500000), {@code bench.orgs} (50), {@code bench.batch}
 * (2000), {@code bench.partitions} (4), {@code bench.consumers} (2, as {@code
 * aviary.audit.consumers}), {@code bench.synchronous-commit} (on), {@code bench.fsync} (on), {@code
 * bench.shared-buffers} (128MB) and {@code bench.max-wal-size} (1GB), the last two PostgreSQL's own
 * defaults.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = Integer.getInteger("bench.events", 500_000);
    int orgCount = Integer.getInteger("bench.orgs", 50);
    int batch = Integer.getInteger("bench.batch", 2000);
    int kafkaPartitions = Integer.getInteger("bench.partitions", 4);
    int consumers = Integer.getInteger("bench.consumers", 2);
    String syncCommit = System.getProperty("bench.synchronous-commit", "on");
    String fsync = System.getProperty("bench.fsync", "on");
    String sharedBuffers = System.getProperty("bench.shared-buffers", "128MB");
    String maxWalSize = System.getProperty("bench.max-wal-size", "1GB");

    try (EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", fsync)
                .setServerConfig("synchronous_commit", syncCommit)
                .setServerConfig("shared_buffers", sharedBuffers)
                .setServerConfig("max_wal_size", maxWalSize)
                .start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(kafkaPartitions).build().start()) {
      // Pooled, as in the service (Agroal): a new connection per batch would measure connection
      // set-up and cold backend caches instead of the insert.
      DataSource db = pooled(pg.getJdbcUrl("postgres", "postgres"));
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      kafka.createTopic(AuditTopics.EVENTS, kafkaPartitions);
      kafka.createTopic(AuditTopics.DEAD_LETTER, 1);

      List<String> orgs = new ArrayList<>();
      for (int i = 0; i < orgCount; i++) {
        orgs.add(String.format("org_bench%07d", i));
      }
      long produceStart = System.nanoTime();
      long bytes = produce(kafka, events, orgs);
      double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
      System.out.printf(
          "produced %,d events (%,d bytes, %.0f B/event) in %.1f s%n",
          events, bytes, (double) bytes / events, produceSeconds);

      AuditMetrics metrics = new AuditMetrics(new SimpleMeterRegistry());
      Partitions partitions = new Partitions(db, Clock.systemUTC(), 2, 31);
      partitions.ensureAhead();
      Map<String, Object> client =
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              kafka.bootstrapServers(),
              ConsumerConfig.GROUP_ID_CONFIG,
              "bench",
              ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
              16 * 1024 * 1024,
              ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
              4 * 1024 * 1024);
      long postmaster = postmasterPid(pg.getPort());
      long jvmCpu0 = jvmCpuNanos();
      long pgCpu0 = processTreeCpuTicks(postmaster);
      long start = System.nanoTime();
      long firstWrite = 0;
      List<AuditIngestor> ingestors = new ArrayList<>();
      for (int i = 0; i < consumers; i++) {
        ingestors.add(
            new AuditIngestor(
                    client,
                    db,
                    partitions,
                    IngestSettings.of(AuditTopics.EVENTS, AuditTopics.DEAD_LETTER)
                        .withBatchSize(batch),
                    metrics)
                .start());
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (metrics.written() < events && System.nanoTime() < deadline) {
        if (firstWrite == 0 && metrics.written() > 0) {
          firstWrite = System.nanoTime();
        }
        Thread.sleep(20); // sampling the counter, not synchronising a test
      }
      ingestors.forEach(AuditIngestor::close);
      long end = System.nanoTime();
      double jvmCpu = (jvmCpuNanos() - jvmCpu0) / 1e9;
      double pgCpu = (processTreeCpuTicks(postmaster) - pgCpu0) / 100.0;
      double total = (end - start) / 1e9;
      double steady = (end - firstWrite) / 1e9;
      long rows = count(db);
      HistogramSnapshot batches = metrics.writeTimer().takeSnapshot();
      System.out.printf(
          "stored %,d rows (%,.0f written, %,.0f duplicates, %,.0f dead-lettered)%n",
          rows, metrics.written(), metrics.duplicates(), metrics.deadLetteredTotal());
      System.out.printf(
          "ingest: %.1f s from start (incl. group join) = %,.0f events/s;"
              + " %.1f s from the first stored batch = %,.0f events/s%n",
          total, rows / total, steady, rows / steady);
      System.out.printf(
          "CPU while ingesting: JVM (Kafka broker + pipeline) %.1f s = %.0f us/event,"
              + " PostgreSQL %.1f s = %.0f us/event; wall %.1f s on %d CPUs%n",
          jvmCpu,
          jvmCpu * 1e6 / rows,
          pgCpu,
          pgCpu * 1e6 / rows,
          total,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "batches: %d of up to %d, mean %.1f ms",
          batches.count(), batch, batches.mean(TimeUnit.MILLISECONDS));
      for (ValueAtPercentile p : batches.percentileValues()) {
        System.out.printf(", p%.0f %.1f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
      }
      System.out.printf(
          "%nsettings: batch %d, kafka partitions %d, consumers %d, synchronous_commit=%s,"
              + " fsync=%s, shared_buffers=%s, max_wal_size=%s; %d CPUs; %s%n",
          batch,
          kafkaPartitions,
          consumers,
          syncCommit,
          fsync,
          sharedBuffers,
          maxWalSize,
          Runtime.getRuntime().availableProcessors(),
          Instant.now());
    }
  }

  private static long produce(EmbeddedKafka kafka, int events, List<String> orgs) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            512 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            128L * 1024 * 1024,
            ProducerConfig.ACKS_CONFIG,
            "1",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
    AuditCodec codec = new AuditCodec();
    long bytes = 0;
    Instant start = Instant.now().minus(Duration.ofMinutes(30));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      int chunk = 10_000;
      for (int done = 0; done < events; done += chunk) {
        for (AuditRecord r : Events.mixed(Math.min(chunk, events - done), orgs, start)) {
          byte[] value = codec.write(r);
          bytes += value.length;
          producer.send(new ProducerRecord<>(AuditTopics.EVENTS, Events.key(r), value));
        }
        start = start.plusSeconds(10);
      }
      producer.flush();
    }
    return bytes;
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The PID of the postmaster listening on {@code port} (its command line names the port). */
  private static long postmasterPid(int port) throws java.io.IOException {
    try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
      for (java.nio.file.Path dir : (Iterable<java.nio.file.Path>) procs::iterator) {
        if (!dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = java.nio.file.Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
          if (cmd.contains("postgres") && cmd.contains("-p " + port)) {
            return Long.parseLong(dir.getFileName().toString());
          }
        } catch (java.io.IOException e) {
          // gone
        }
      }
    }
    return -1;
  }

  /** User + system clock ticks of {@code root} and its children (PostgreSQL's backends). */
  private static long processTreeCpuTicks(long root) throws java.io.IOException {
    long ticks = 0;
    try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
      for (java.nio.file.Path dir : (Iterable<java.nio.file.Path>) procs::iterator) {
        if (!dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = java.nio.file.Files.readString(dir.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(dir.getFileName().toString());
          if (pid == root || Long.parseLong(f[1]) == root) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (java.io.IOException | RuntimeException e) {
          // gone
        }
      }
    }
    return ticks;
  }

  private static DataSource pooled(String url) throws java.sql.SQLException {
    return AgroalDataSource.from(
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(8)
                        .connectionFactoryConfiguration(
                            factory ->
                                factory
                                    .jdbcUrl(url)
                                    .principal(new NamePrincipal("postgres"))
                                    .credential(new SimplePassword("postgres")))));
  }

  private static long count(DataSource db) throws Exception {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from audit_event")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
