package io.aviary.service.audit;

import io.aviary.audit.event.AuditTopics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The audit outbox's settings, shared by every service that uses it; each service's README lists
 * them. Kafka is {@code kafka.bootstrap.servers}, read apart from this mapping: without it the
 * outbox records nothing and publishes nothing.
 */
@ConfigMapping(prefix = "aviary")
public interface AuditOutboxConfig {

  /** This instance's name in audit events ({@code node_id}); defaults to the host name. */
  Optional<String> nodeId();

  /** Tenant-side audit events. */
  Audit audit();

  /** Tenant-side audit events. */
  interface Audit {
    /** Record audit events and ship them to Kafka (needs {@code kafka.bootstrap.servers}). */
    @WithDefault("true")
    boolean enabled();

    /** The Kafka topic of audit events. */
    @WithDefault(AuditTopics.EVENTS)
    String topic();

    /** How the outbox is drained. */
    Outbox outbox();
  }

  /** How the outbox is drained. */
  interface Outbox {
    /** Most rows read, sent and deleted in one round. */
    @WithDefault("500")
    int batchSize();

    /** How often the table is checked for rows nobody announced (other replicas, retries). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long one round waits for Kafka's acknowledgements before it counts as failed. */
    @WithDefault("30s")
    Duration sendTimeout();
  }
}
