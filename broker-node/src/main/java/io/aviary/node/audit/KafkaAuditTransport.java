package io.aviary.node.audit;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditProducerSettings;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.KafkaClientSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Ships audit events to Kafka, keyed by organization so that one organization's events stay in
 * order on one partition. Consecutive events of one organization are packed into one record, one
 * event per line ({@link AuditCodec.LineBuffer}), the allowed publishes of one client as one
 * verdict run line when {@code verdictRuns} (ADR 7), up to {@code recordBytes}: the producer and
 * the Kafka broker then do their per-record work (partitioning, accumulator append, validation)
 * once for many events instead of once each. A pack is sent when it is full or at {@link #flush},
 * which the shipper calls whenever its queue runs empty, so at low rates every event is a record of
 * its own and waits for nothing.
 *
 * <p>The producer is {@link AuditProducerSettings#common}'s: idempotent, {@code acks=all}, lz4,
 * with the platform's Kafka security settings ({@link KafkaClientSecurity}). It batches; what it
 * buffers is bounded by {@code buffer.memory}, and while that is full or the cluster is unknown a
 * send waits at most {@code max.block.ms} and then fails, so the {@link AuditShipper} keeps the
 * event and retries it. Packs live on the shipping thread only.
 */
public final class KafkaAuditTransport implements AuditShipper.Transport {
  private static final Logger LOG = Logger.getLogger(KafkaAuditTransport.class);
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final int recordBytes;
  private final boolean verdictRuns;
  private final AuditCodec codec = new AuditCodec();
  // Per organization that sent something since the flush before last (see flush).
  private final Map<String, Pack> packs = new HashMap<>();

  /**
   * @param settings the producer settings of {@link #producerSettings}, possibly adjusted
   * @param recordBytes how many bytes of one organization's events a record packs; a pack is sent
   *     once it reaches this size, so 0 sends each event as a record of its own. At most a quarter
   *     of the producer's {@code buffer.memory} is used, so that a pack always fits in it.
   * @param verdictRuns whether allowed publishes are packed as verdict runs (ADR 7)
   */
  public KafkaAuditTransport(
      Map<String, Object> settings, String topic, int recordBytes, boolean verdictRuns) {
    this.producer =
        new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    long buffer =
        settings.get(ProducerConfig.BUFFER_MEMORY_CONFIG) instanceof Number n
            ? n.longValue()
            : Long.MAX_VALUE;
    this.recordBytes = (int) Math.min(recordBytes, buffer / 4);
    this.verdictRuns = verdictRuns;
  }

  /**
   * The producer settings for {@code bootstrapServers}.
   *
   * @param security how the producer authenticates and encrypts its connections
   * @param bufferBytes what the producer buffers while Kafka is slow or down
   * @param deliveryTimeout how long a buffered batch is retried before its events count as lost
   * @param compression the producer's {@code compression.type}
   * @param linger how long a batch waits for more events
   * @param batchBytes the largest batch, at most a quarter of {@code bufferBytes}
   */
  public static Map<String, Object> producerSettings(
      String bootstrapServers,
      KafkaClientSecurity security,
      String clientId,
      long bufferBytes,
      Duration deliveryTimeout,
      String compression,
      Duration linger,
      int batchBytes) {
    Map<String, Object> p = AuditProducerSettings.common(bootstrapServers, clientId);
    security.applyTo(p);
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
  public void send(AuditRecord record, AuditShipper.Lost lost) throws Exception {
    // An authentication failure that named no organization is keyed by the empty string.
    String key = record.orgId() == null ? "" : record.orgId();
    Pack pack = packs.get(key);
    if (pack == null) {
      pack = new Pack(codec.lineBuffer(verdictRuns));
      packs.put(key, pack);
    } else if (pack.size() >= recordBytes && !pack.isEmpty()) {
      ship(key, pack, lost); // throws when Kafka does not take it: the record is not packed then
    }
    pack.add(record);
  }

  /**
   * Sends every organization's pack. An organization that sent nothing since the last flush loses
   * its pack (and buffer); busy ones keep theirs, so their buffers are not grown again.
   */
  @Override
  public void flush(AuditShipper.Lost lost) throws Exception {
    Iterator<Map.Entry<String, Pack>> it = packs.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Pack> e = it.next();
      if (e.getValue().isEmpty()) {
        it.remove();
      } else {
        ship(e.getKey(), e.getValue(), lost); // what is not shipped stays for the next flush
      }
    }
  }

  @Override
  public int packed() {
    int events = 0;
    for (Pack pack : packs.values()) {
      events += pack.events + (pack.markers == null ? 0 : pack.markers.size());
    }
    return events;
  }

  private void ship(String key, Pack pack, AuditShipper.Lost lost) throws Exception {
    Delivery delivery = new Delivery(key, pack.events, pack.markers, lost);
    // The producer copies the value into its batch before send returns, so the pack's buffer can
    // be reused at once.
    producer.send(new ProducerRecord<>(topic, key, pack.value()), delivery);
    delivery.returned = true;
    if (delivery.refused instanceof RecordTooLargeException tooLarge) {
      // Retrying cannot help (one event larger than the producer allows): count it lost.
      LOG.warnf("audit record of %d events refused by the producer: %s", pack.events, tooLarge);
      delivery.onCompletion(null, tooLarge);
    } else if (delivery.refused != null) {
      throw delivery.refused;
    }
    pack.clear();
  }

  /**
   * One organization's events waiting to be sent as one record: their lines, and how many they are
   * for the lost callback (the events themselves are not kept; markers are, being rare and carrying
   * counts of their own).
   */
  private static final class Pack {
    private final AuditCodec.LineBuffer lines;
    private int events;
    private List<AuditRecord.AuditDropped> markers;

    Pack(AuditCodec.LineBuffer lines) {
      this.lines = lines;
    }

    void add(AuditRecord record) {
      lines.append(record);
      if (record instanceof AuditRecord.AuditDropped marker) {
        if (markers == null) {
          markers = new ArrayList<>(1);
        }
        markers.add(marker);
      } else {
        events++;
      }
    }

    int size() {
      return lines.size();
    }

    boolean isEmpty() {
      return events == 0 && markers == null;
    }

    byte[] value() {
      return lines.toByteArray();
    }

    /** After a send: the counts now belong to its callback, the buffer is reused. */
    void clear() {
      lines.clear();
      events = 0;
      markers = null;
    }
  }

  /**
   * The producer reports a record it never took (no metadata, no buffer space within {@code
   * max.block.ms}) through the callback, on the calling thread, before {@code send} returns: that
   * is a refusal the shipper retries. A failure reported later, on the producer's thread, is a
   * record lost after it was taken, with every event packed in it.
   */
  private static final class Delivery implements Callback {
    private final Thread caller = Thread.currentThread();
    private final String org;
    private final int events;
    private final List<AuditRecord.AuditDropped> markers;
    private final AuditShipper.Lost lost;
    private volatile boolean returned;
    private Exception refused;

    Delivery(
        String org, int events, List<AuditRecord.AuditDropped> markers, AuditShipper.Lost lost) {
      this.org = org;
      this.events = events;
      this.markers = markers;
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
        if (events > 0) {
          lost.events(org.isEmpty() ? null : org, events);
        }
        if (markers != null) {
          markers.forEach(lost::marker);
        }
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
