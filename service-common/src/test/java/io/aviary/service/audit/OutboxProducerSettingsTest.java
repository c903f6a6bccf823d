package io.aviary.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.audit.event.KafkaClientSecurity;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboxProducerSettingsTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 1000, 5000, 30_000, 600_000})
  void theProducerIsIdempotentAndItsTimeoutsAreConsistent(long sendTimeoutMillis) {
    Map<String, Object> p =
        OutboxProducerSettings.of(
            "127.0.0.1:9092",
            KafkaClientSecurity.PLAINTEXT,
            "t",
            Duration.ofMillis(sendTimeoutMillis));
    assertThat(p)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry("metadata.recovery.strategy", "none");
    int delivery = (int) p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    int linger = (int) p.get(ProducerConfig.LINGER_MS_CONFIG);
    int request = (int) p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    // KafkaProducer refuses a delivery timeout below linger + request timeout.
    assertThat(delivery).isGreaterThanOrEqualTo(linger + request);
    assertThat(request).isPositive();
  }
}
