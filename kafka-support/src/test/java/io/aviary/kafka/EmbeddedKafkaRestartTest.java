package io.aviary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka stopped while clients publish: when it returns, the buffered events arrive. */
class EmbeddedKafkaRestartTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String TOPIC = "audit";

  @TempDir Path dataDir;

  @Test
  void bufferedRecordsArriveAfterARestartAndCommittedOnesSurvive() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).build().start();
        KafkaProducer<String, String> producer = KafkaClients.producer(kafka, DEADLINE)) {
      kafka.createTopic(TOPIC, 3);
      String bootstrap = kafka.bootstrapServers();
      awaitAll(send(producer, 0, 50));

      kafka.stop();
      assertThat(kafka.isRunning()).isFalse();
      assertUnreachable(bootstrap);
      List<Future<RecordMetadata>> buffered = new ArrayList<>();
      for (int i = 50; i < 100; i++) {
        Future<RecordMetadata> future = producer.send(record(i));
        assertThat(future).as("buffered while Kafka is away").isNotDone();
        buffered.add(future);
      }
      try (KafkaProducer<String, String> impatient =
          KafkaClients.producer(kafka, Duration.ofSeconds(2))) {
        assertThatThrownBy(
                () ->
                    impatient
                        .send(new ProducerRecord<>(TOPIC, "k", "lost"))
                        .get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
            .as("a producer with a short delivery timeout gives up while Kafka is away")
            .hasCauseInstanceOf(TimeoutException.class);
      }
      assertThat(buffered).as("still buffered").noneMatch(Future::isDone);

      kafka.restart();
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      awaitAll(buffered);
      awaitAll(send(producer, 100, 150));

      assertThat(values(KafkaClients.readAll(kafka, TOPIC, 150, DEADLINE)))
          .as("the records before, during and after the outage, each once")
          .containsExactlyInAnyOrderElementsOf(expected(0, 150));
    }

    // A later run (e.g. the next `./aviary dev`) on the same data directory finds them too.
    try (EmbeddedKafka again = EmbeddedKafka.builder().dataDir(dataDir).build().start()) {
      assertThat(values(KafkaClients.readAll(again, TOPIC, 150, DEADLINE)))
          .containsExactlyInAnyOrderElementsOf(expected(0, 150));
    }
    assertThat(dataDir).as("a given data directory is kept").isNotEmptyDirectory();
  }

  private static List<Future<RecordMetadata>> send(
      KafkaProducer<String, String> producer, int from, int to) {
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      futures.add(producer.send(record(i)));
    }
    return futures;
  }

  private static ProducerRecord<String, String> record(int i) {
    return new ProducerRecord<>(TOPIC, "org-" + i % 5, "event-" + i);
  }

  private static void awaitAll(List<Future<RecordMetadata>> futures) throws Exception {
    for (Future<RecordMetadata> future : futures) {
      assertThat(future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).hasOffset()).isTrue();
    }
  }

  private static void assertUnreachable(String bootstrap) {
    try (Admin admin = KafkaClients.admin(bootstrap, Duration.ofSeconds(1))) {
      assertThatThrownBy(
              () -> admin.describeCluster().nodes().get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class);
    }
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static List<String> expected(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "event-" + i).toList();
  }
}
