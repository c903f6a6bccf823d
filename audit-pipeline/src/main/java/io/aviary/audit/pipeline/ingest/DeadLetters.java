package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.pipeline.ingest.Batch.Letter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Moves events the pipeline cannot store to the dead-letter topic, each a record of its own: the
 * source record's key and timestamp, the event's bytes as the value (the other events of a packed
 * record are stored), with headers saying why and where it came from (topic, partition, offset and
 * line). Sends are collected per batch and confirmed by {@link #confirm} before the batch's offsets
 * are committed, so a refused record is never lost.
 */
final class DeadLetters {

  static final String REASON = "aviary-dlq-reason";
  static final String KIND = "aviary-dlq-kind";
  static final String POINTER = "aviary-dlq-pointer";
  static final String SOURCE_TOPIC = "aviary-dlq-source-topic";
  static final String SOURCE_PARTITION = "aviary-dlq-source-partition";
  static final String SOURCE_OFFSET = "aviary-dlq-source-offset";
  static final String SOURCE_LINE = "aviary-dlq-source-line";

  /** Why a record was refused, as a closed set (the metric tag and {@value #KIND} header). */
  enum Kind {
    /** Not a JSON object at all. */
    MALFORMED,
    /** A {@code schema_version} this pipeline does not read (or none). */
    UNSUPPORTED_VERSION,
    /** JSON of a known version that breaks the schema (missing, unknown or ill-typed fields). */
    INVALID,
    /** Valid, but the database cannot store it (e.g. U+0000 in a string). */
    UNSTORABLE;

    private final String code = name().toLowerCase(Locale.ROOT);

    String code() {
      return code;
    }
  }

  /** A dead letter waiting to be confirmed. */
  private record Pending(Kind kind, Future<RecordMetadata> sent) {}

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final List<Pending> pending = new ArrayList<>();

  DeadLetters(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** Sends the letter's event with its refusal; confirmed (or failed) by {@link #confirm}. */
  void send(Letter letter) {
    ConsumerRecord<byte[], byte[]> record = letter.source().record();
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON, utf8(letter.reason()));
    headers.add(KIND, utf8(letter.kind().code()));
    headers.add(POINTER, utf8(letter.pointer()));
    headers.add(SOURCE_TOPIC, utf8(record.topic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
    headers.add(SOURCE_LINE, utf8(Integer.toString(letter.source().line())));
    ProducerRecord<byte[], byte[]> dead =
        new ProducerRecord<>(
            topic, null, record.timestamp(), record.key(), letter.source().event(), headers);
    pending.add(new Pending(letter.kind(), producer.send(dead)));
  }

  /**
   * Waits until every record sent since the last call is stored by Kafka.
   *
   * @return the kinds confirmed, one per record
   * @throws DeadLetterException when any send failed; the batch must not be committed
   */
  List<Kind> confirm() throws DeadLetterException {
    if (pending.isEmpty()) {
      return List.of();
    }
    producer.flush();
    List<Kind> kinds = new ArrayList<>();
    try {
      for (Pending p : pending) {
        p.sent().get();
        kinds.add(p.kind());
      }
      return kinds;
    } catch (ExecutionException e) {
      throw new DeadLetterException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterException(e);
    } finally {
      pending.clear();
    }
  }

  /** Forgets unconfirmed sends (the batch is being retried and will send them again). */
  void discard() {
    pending.clear();
  }

  private static byte[] utf8(String value) {
    return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
  }

  /** The dead-letter topic did not take a record. */
  static final class DeadLetterException extends Exception {
    private static final long serialVersionUID = 1L;

    DeadLetterException(Throwable cause) {
      super("Cannot write to the dead-letter topic: " + cause.getMessage(), cause);
    }
  }
}
