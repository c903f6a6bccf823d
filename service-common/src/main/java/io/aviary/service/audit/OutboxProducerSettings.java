package io.aviary.service.audit;

import io.aviary.audit.event.AuditProducerSettings;
import io.aviary.audit.event.KafkaClientSecurity;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka producer settings of the audit outbox. */
final class OutboxProducerSettings {

  static final int LINGER_MILLIS = 5;
  static final int MAX_REQUEST_TIMEOUT_MILLIS = 10_000;

  private OutboxProducerSettings() {}

  /**
   * {@link AuditProducerSettings#common} (idempotent, {@code acks=all}, lz4) with {@code security}
   * and a short linger; {@code sendTimeout} bounds one round ({@code delivery.timeout.ms}).
   */
  static Map<String, Object> of(
      String bootstrapServers,
      KafkaClientSecurity security,
      String clientId,
      Duration sendTimeout) {
    int delivery = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
    Map<String, Object> p = AuditProducerSettings.common(bootstrapServers, clientId);
    security.applyTo(p);
    p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MILLIS);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(MAX_REQUEST_TIMEOUT_MILLIS, delivery - LINGER_MILLIS));
    // Without metadata (Kafka unreachable since start) a send fails after this; the round is
    // retried later and the rows wait in the table.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
    return p;
  }
}
