package io.aviary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().partitions(2).build().start();
  }

  @AfterAll
  static void closeKafka() {
    Path dataDir = kafka.dataDir();
    kafka.close();
    assertThat(dataDir).as("a temporary data directory is deleted on close").doesNotExist();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    assertThat(kafka.isRunning()).isTrue();
  }

  @Test
  void idempotentProducerRecordsComeBackToAConsumerGroup() throws Exception {
    kafka.createTopic("round-trip", 3);
    int count = 200;
    try (KafkaProducer<String, String> producer = KafkaClients.producer(kafka, DEADLINE)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(producer.send(new ProducerRecord<>("round-trip", "key-" + i % 7, "value-" + i)));
      }
      for (Future<RecordMetadata> future : sent) {
        assertThat(future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).hasOffset()).isTrue();
      }
    }

    try (KafkaConsumer<String, String> consumer =
        KafkaClients.consumer(kafka, "round-trip-group")) {
      consumer.subscribe(List.of("round-trip"));
      List<ConsumerRecord<String, String>> records = KafkaClients.poll(consumer, count, DEADLINE);
      assertThat(records)
          .extracting(ConsumerRecord::value)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, count).mapToObj(i -> "value-" + i).toList());
      assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
      consumer.commitSync(DEADLINE);
    }
  }

  @Test
  void topicsWithoutAPartitionCountGetTheConfiguredDefault() throws Exception {
    kafka.createTopic("defaulted");
    try (Admin admin = KafkaClients.admin(kafka.bootstrapServers(), DEADLINE)) {
      assertThat(
              admin
                  .describeTopics(List.of("defaulted"))
                  .allTopicNames()
                  .get(DEADLINE.toSeconds(), TimeUnit.SECONDS)
                  .get("defaulted")
                  .partitions())
          .hasSize(2);
    }
  }

  @Test
  void topicsAreNotCreatedByProducing() {
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(kafka, Duration.ofSeconds(2))) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>("never-created", "k", "v"))
                      .get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .hasCauseInstanceOf(TimeoutException.class);
    }
  }
}
