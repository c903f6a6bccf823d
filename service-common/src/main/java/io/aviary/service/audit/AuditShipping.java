package io.aviary.service.audit;

import io.aviary.audit.event.KafkaClientSecurity;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether and where this service ships audit events: on only when {@code aviary.audit.enabled} is
 * true (the default) and {@code kafka.bootstrap.servers} is set. How it authenticates to Kafka and
 * encrypts the connection comes from the other {@code kafka.*} keys ({@code KAFKA_*} variables), as
 * in every service: {@link KafkaClientSecurity}.
 */
@ApplicationScoped
public class AuditShipping {

  private final AuditOutboxConfig config;
  private final Optional<String> bootstrapServers;
  private final KafkaClientSecurity security;
  private final String nodeId;

  /**
   * @param kafka every {@code kafka.*} property without its prefix, as Quarkus' Kafka extension
   *     collects them (environment variables {@code KAFKA_SASL_USERNAME} and the like included)
   * @throws IllegalStateException when shipping is on and the Kafka security settings are refused
   */
  public AuditShipping(
      AuditOutboxConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.config = config;
    this.bootstrapServers = bootstrapServers.map(String::strip).filter(s -> !s.isEmpty());
    this.security =
        enabled() ? KafkaClientSecurity.fromConfiguration(kafka) : KafkaClientSecurity.PLAINTEXT;
    this.nodeId =
        config
            .nodeId()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .orElseGet(AuditShipping::hostName);
  }

  /** Whether events are recorded and published. */
  public boolean enabled() {
    return config.audit().enabled() && bootstrapServers.isPresent();
  }

  /** How the outbox's producer authenticates and encrypts; PLAINTEXT when shipping is off. */
  public KafkaClientSecurity security() {
    return security;
  }

  /** Kafka's bootstrap servers; present whenever {@link #enabled()}. */
  public Optional<String> bootstrapServers() {
    return bootstrapServers;
  }

  /** The {@code node_id} of this instance's events. */
  public String nodeId() {
    return nodeId;
  }

  public String topic() {
    return config.audit().topic();
  }

  public int batchSize() {
    return Math.max(1, config.audit().outbox().batchSize());
  }

  public Duration pollInterval() {
    return config.audit().outbox().pollInterval();
  }

  public Duration sendTimeout() {
    return config.audit().outbox().sendTimeout();
  }

  /** Why shipping is off, for the start-up log; null when it is on. */
  String disabledReason() {
    if (!config.audit().enabled()) {
      return "aviary.audit.enabled=false";
    }
    return bootstrapServers.isEmpty() ? "kafka.bootstrap.servers is not set" : null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }
}
