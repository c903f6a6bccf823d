package io.aviary.service.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka producer settings of the audit outbox. */
final class OutboxProducerSettings {

  static final int LINGER_MILLIS = 5;
  static final int MAX_REQUEST_TIMEOUT_MILLIS = 10_000;

  private OutboxProducerSettings() {}

  /**
   * Idempotent, {@code acks=all}, lz4: a retried batch is written once and only when every in-sync
   * replica has it. {@code sendTimeout} bounds one round ({@code delivery.timeout.ms}).
   */
  static Map<String, Object> of(String bootstrapServers, String clientId, Duration sendTimeout) {
    int delivery = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MILLIS);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(MAX_REQUEST_TIMEOUT_MILLIS, delivery - LINGER_MILLIS));
    // Without metadata (Kafka unreachable since start) a send fails after this; the round is
    // retried later and the rows wait in the table.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    // Keep the configured bootstrap servers after the whole cluster was unreachable: the default
    // ("rebootstrap") forgets the cluster and fails sends on "not present in metadata".
    p.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    return p;
  }
}
