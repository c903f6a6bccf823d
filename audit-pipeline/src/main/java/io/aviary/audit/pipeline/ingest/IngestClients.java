package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.event.KafkaClientSecurity;
import io.aviary.audit.event.NativeLz4;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client properties of the ingest loop, from the operator's ({@code kafka.*}) ones: the
 * consumer commits by hand and polls at most a batch; the dead-letter producer takes only the
 * producer properties among them and is idempotent with {@code acks=all}, so a dead letter that
 * Kafka confirmed is stored.
 */
final class IngestClients {

  private IngestClients() {}

  /**
   * The client properties of the ingest loop from the operator's {@code kafka.*} ones (without the
   * prefix) and the consumer group: every key as given, except the security settings, which are
   * {@link KafkaClientSecurity}'s reading of them, as in every service.
   *
   * @throws IllegalArgumentException when the security settings are refused
   */
  static Map<String, Object> client(
      Map<String, Object> kafka, KafkaClientSecurity security, String group) {
    Map<String, Object> client = security.applyTo(new HashMap<>(kafka));
    client.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    return client;
  }

  static Map<String, Object> consumer(Map<String, Object> client, IngestSettings settings) {
    NativeLz4.load(); // decompressing brokers' lz4 batches natively
    Map<String, Object> config = new HashMap<>(client);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  static Map<String, Object> deadLetterProducer(Map<String, Object> client) {
    Map<String, Object> config = new HashMap<>();
    Set<String> known = ProducerConfig.configNames();
    client.forEach(
        (key, value) -> {
          if (known.contains(key)) {
            config.put(key, value);
          }
        });
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }
}
