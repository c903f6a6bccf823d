package io.aviary.node.it.tenancy;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.KafkaResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The audit topic as a test reads it: every event from the beginning, each record split into its
 * events and decoded by the contract.
 */
final class AuditStream {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final EmbeddedKafka kafka;
  private final AuditCodec codec = new AuditCodec();

  AuditStream(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** Every event on the topic now; a record the contract refuses fails the test. */
  List<AuditRecord> read() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<AuditRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(KafkaResource.DEFAULT_AUDIT_TOPIC, TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the audit topic could not be read to its end in " + TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          for (byte[] line : AuditCodec.lines(r.value())) {
            switch (codec.read(line)) {
              case AuditCodec.Accepted a -> records.add(keyedBy(r.key(), a.record()));
              case AuditCodec.AcceptedRun run -> {
                for (AuditRecord record : run.records()) {
                  records.add(keyedBy(r.key(), record));
                }
              }
              case AuditCodec.Refusal refusal ->
                  throw new AssertionError(
                      "the contract refuses a broker event: "
                          + refusal
                          + ": "
                          + new String(line, java.nio.charset.StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return records;
  }

  private static AuditRecord keyedBy(String key, AuditRecord record) {
    if (!Objects.equals(key, Objects.requireNonNullElse(record.orgId(), ""))) {
      throw new AssertionError("record keyed " + key + " holds " + record);
    }
    return record;
  }

  /** The first event of {@code type} that {@code matches}, once it is on the topic. */
  <T extends AuditRecord> T await(Class<T> type, Predicate<T> matches) {
    AtomicReference<T> found = new AtomicReference<>();
    org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              for (AuditRecord r : read()) {
                if (type.isInstance(r) && matches.test(type.cast(r))) {
                  found.set(type.cast(r));
                  return true;
                }
              }
              return false;
            });
    return found.get();
  }

  /** Events of {@code type} on the topic now that match. */
  <T extends AuditRecord> List<T> all(Class<T> type, Predicate<T> matches) {
    return read().stream().filter(type::isInstance).map(type::cast).filter(matches).toList();
  }
}
