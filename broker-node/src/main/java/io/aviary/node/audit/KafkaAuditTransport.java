package io.aviary.node.audit;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditProducerSettings;
import io.aviary.audit.event.AuditRecord;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ships audit events to Kafka, keyed by organization so that one organization's events stay in
 * order on one partition. The producer is {@link AuditProducerSettings#common}'s: idempotent,
 * {@code acks=all}, lz4. It batches; what it buffers is bounded by {@code buffer.memory}, and while
 * that is full or the cluster is unknown a send waits at most {@code max.block.ms} and then fails,
 * so the {@link AuditShipper} keeps the event and retries it.
 */
public final class KafkaAuditTransport implements AuditShipper.Transport {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AuditCodec codec = new AuditCodec();

  /**
   * @param settings the producer settings of {@link #producerSettings}, possibly adjusted
   */
  public KafkaAuditTransport(Map<String, Object> settings, String topic) {
    this.producer =
        new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /**
   * The producer settings for {@code bootstrapServers}.
   *
   * @param bufferBytes what the producer buffers while Kafka is slow or down
   * @param deliveryTimeout how long a buffered batch is retried before its events count as lost
   * @param compression the producer's {@code compression.type}
   * @param linger how long a batch waits for more events
   * @param batchBytes the largest batch, at most a quarter of {@code bufferBytes}
   */
  public static Map<String, Object> producerSettings(
      String bootstrapServers,
      String clientId,
      long bufferBytes,
      Duration deliveryTimeout,
      String compression,
      Duration linger,
      int batchBytes) {
    Map<String, Object> p = AuditProducerSettings.common(bootstrapServers, clientId);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
    // A quarter of the buffer at most, so a small buffer still holds several batches.
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) Math.min(batchBytes, bufferBytes / 4));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
    // The shipping thread waits this long for metadata or buffer space, then retries later.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return p;
  }

  @Override
  public void send(AuditRecord record, Consumer<AuditRecord> lost) throws Exception {
    Delivery delivery = new Delivery(record, lost);
    // An authentication failure that named no organization is keyed by the empty string.
    String key = record.orgId() == null ? "" : record.orgId();
    producer.send(new ProducerRecord<>(topic, key, codec.write(record)), delivery);
    delivery.returned = true;
    if (delivery.refused != null) {
      throw delivery.refused;
    }
  }

  /**
   * The producer reports a record it never took (no metadata, no buffer space within {@code
   * max.block.ms}) through the callback, on the calling thread, before {@code send} returns: that
   * is a refusal the shipper retries. A failure reported later, on the producer's thread, is a
   * record lost after it was taken.
   */
  private static final class Delivery implements Callback {
    private final Thread caller = Thread.currentThread();
    private final AuditRecord record;
    private final Consumer<AuditRecord> lost;
    private volatile boolean returned;
    private Exception refused;

    Delivery(AuditRecord record, Consumer<AuditRecord> lost) {
      this.record = record;
      this.lost = lost;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error == null) {
        return;
      }
      if (!returned && Thread.currentThread() == caller) {
        refused = error;
      } else {
        lost.accept(record);
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
