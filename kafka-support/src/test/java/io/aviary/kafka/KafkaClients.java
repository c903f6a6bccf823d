package io.aviary.kafka;

import io.aviary.audit.event.KafkaClientSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients producers and consumers for tests against an {@link EmbeddedKafka}. */
public final class KafkaClients {

  private KafkaClients() {}

  /**
   * An admin client for {@code bootstrapServers} whose calls give up after {@code timeout} (and
   * each request after at most that), so that an unreachable broker fails a call within it.
   */
  public static Admin admin(String bootstrapServers, Duration timeout) {
    int millis = Math.toIntExact(timeout.toMillis());
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis));
  }

  /** An idempotent producer (acks=all) that buffers for up to {@code deliveryTimeout}. */
  public static KafkaProducer<String, String> producer(
      EmbeddedKafka kafka, Duration deliveryTimeout) {
    return producer(kafka.bootstrapServers(), Map.of(), deliveryTimeout);
  }

  /**
   * An idempotent producer (acks=all) on {@code bootstrapServers} with the client {@code security}
   * properties an operator would give ({@link EmbeddedKafka#clientSecurity()}, or others), turned
   * into kafka-clients settings as the services do, that buffers for up to {@code deliveryTimeout}.
   */
  public static KafkaProducer<String, String> producer(
      String bootstrapServers, Map<String, String> security, Duration deliveryTimeout) {
    int delivery = Math.toIntExact(deliveryTimeout.toMillis());
    int request = Math.min(delivery, 5_000);
    Map<String, Object> config = new HashMap<>();
    KafkaClientSecurity.from(security).applyTo(config);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, request);
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    // The default ("rebootstrap") forgets the cluster once no broker answers, so sends during an
    // outage block for max.block.ms on "Topic not present in metadata" instead of buffering.
    config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(config);
  }

  /** A consumer in {@code group} reading from the earliest offset. */
  public static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return new KafkaConsumer<>(config);
  }

  /** Every record of {@code topic}'s partitions from the beginning, without a consumer group. */
  public static List<ConsumerRecord<String, String>> readAll(
      EmbeddedKafka kafka, String topic, int expected, Duration timeout) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return poll(consumer, expected, timeout);
    }
  }

  /**
   * Polls until {@code expected} records arrived or the deadline passed, then polls once more
   * briefly so that extra (duplicate) records would show.
   */
  public static List<ConsumerRecord<String, String>> poll(
      KafkaConsumer<String, String> consumer, int expected, Duration timeout) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    return records;
  }
}
