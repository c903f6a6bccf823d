package io.aviary.service.testing;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.KafkaClientSecurity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the audit topic from the beginning with a plain consumer (every partition, no group) and
 * decodes each record with {@link AuditCodec#read}, for tests that check what a service shipped.
 * Not thread-safe: use it from the test thread.
 */
public final class AuditTopicReader implements AutoCloseable {

  /** One record of the topic: its key, its JSON as sent, and the decoded event. */
  public record Received(String key, String json, AuditRecord record) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final AuditCodec codec = new AuditCodec();
  private final List<Received> received = new ArrayList<>();

  private AuditTopicReader(String bootstrapServers, KafkaClientSecurity security, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    security.applyTo(config);
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * A reader of the running application's {@code kafka.bootstrap.servers} and audit topic, with the
   * application's Kafka security settings ({@code kafka.security.protocol}, {@code kafka.sasl.*},
   * {@code kafka.ssl.*}).
   */
  public static AuditTopicReader open() {
    var config = ConfigProvider.getConfig();
    Map<String, String> client = new HashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("kafka.")) {
        config
            .getOptionalValue(name, String.class)
            .ifPresent(value -> client.put(name.substring("kafka.".length()), value));
      }
    }
    return new AuditTopicReader(
        config.getValue("kafka.bootstrap.servers", String.class),
        KafkaClientSecurity.from(client),
        config.getValue("aviary.audit.topic", String.class));
  }

  /**
   * The first record matching {@code wanted}, polling until it arrives; fails after {@code
   * deadline}. Every record must be a valid event.
   */
  public Received await(Predicate<Received> wanted, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Optional<Received> found = received.stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "No matching audit event within " + deadline + "; received " + received.size());
      }
      poll();
    }
  }

  /** Polls briefly and returns everything received so far. */
  public List<Received> poll() {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      for (byte[] line : AuditCodec.lines(r.value())) {
        String json = new String(line, StandardCharsets.UTF_8);
        switch (codec.read(line)) {
          case AuditCodec.Accepted accepted ->
              received.add(new Received(r.key(), json, accepted.record()));
          case AuditCodec.AcceptedRun run -> {
            // Each allowed publish of a verdict run, as the event it stands for.
            for (AuditRecord record : run.records()) {
              String event = new String(codec.write(record), StandardCharsets.UTF_8);
              received.add(new Received(r.key(), event, record));
            }
          }
          case AuditCodec.Refusal refusal ->
              throw new AssertionError(
                  "Invalid audit event ("
                      + refusal.reason()
                      + " at "
                      + refusal.pointer()
                      + "): "
                      + json);
        }
      }
    }
    return List.copyOf(received);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
