package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.event.KafkaClientSecurity;
import io.aviary.audit.pipeline.config.AuditConfig;
import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.store.Partitions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs {@code aviary.audit.consumers} {@link AuditIngestor}s for the life of the application, with
 * every {@code kafka.*} property (bootstrap servers, client tuning), the security settings among
 * them as {@link KafkaClientSecurity} reads them for every service (checked at start, user name and
 * password turned into a JAAS configuration), and the configured consumer group: each owns a share
 * of the topic's partitions and its own database connection while it writes.
 */
@ApplicationScoped
public class IngestService {

  private static final Logger LOG = Logger.getLogger(IngestService.class);

  private final AuditConfig config;
  private final DataSource dataSource;
  private final Partitions partitions;
  private final AuditMetrics metrics;
  private final Map<String, Object> kafka;
  private final List<AuditIngestor> ingestors = new CopyOnWriteArrayList<>();

  public IngestService(
      AuditConfig config,
      DataSource dataSource,
      Partitions partitions,
      AuditMetrics metrics,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.config = config;
    this.dataSource = dataSource;
    this.partitions = partitions;
    this.metrics = metrics;
    this.kafka = kafka;
  }

  void onStart(@Observes StartupEvent event) {
    try {
      partitions.ensureAhead();
    } catch (SQLException e) {
      LOG.warnf("Creating the next days' audit partitions failed (%s); ingest creates them", e);
    }
    if (!config.audit().ingestEnabled()) {
      LOG.info("Audit ingest is off (aviary.audit.ingest-enabled=false): query API only");
      return;
    }
    KafkaClientSecurity security = KafkaClientSecurity.fromConfiguration(kafka);
    LOG.infof(
        "Audit ingest reads %s from Kafka at %s (%s)",
        config.audit().topic(), kafka.get("bootstrap.servers"), security);
    security.warnings().forEach(LOG::warn);
    Map<String, Object> client =
        IngestClients.client(kafka, security, config.audit().consumerGroup());
    IngestSettings settings =
        IngestSettings.of(config.audit().topic(), config.audit().deadLetterTopic())
            .withBatchSize(config.audit().batchSize())
            .withMaxBackoff(config.audit().maxRetryBackoff());
    for (int i = 0; i < config.audit().consumers(); i++) {
      ingestors.add(new AuditIngestor(client, dataSource, partitions, settings, metrics).start());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    ingestors.forEach(AuditIngestor::close);
  }

  /** Whether ingest is off by configuration. */
  public boolean disabled() {
    return !config.audit().ingestEnabled();
  }

  /** Whether every consuming thread runs. */
  public boolean alive() {
    return !ingestors.isEmpty() && ingestors.stream().allMatch(AuditIngestor::isAlive);
  }
}
