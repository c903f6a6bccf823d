package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.pipeline.ingest.DeadLetters.Kind;
import io.aviary.audit.pipeline.store.EventRow;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, each split into its events ({@link AuditCodec#lines}) and decoded: the rows
 * to store (with where each came from), the events to dead-letter with their refusal, and where
 * each partition's part of the batch starts (to seek back to) and ends (to commit).
 */
record Batch(
    List<EventRow> rows,
    List<Source> sources,
    List<Letter> letters,
    Map<TopicPartition, Long> firstOffsets,
    Map<TopicPartition, OffsetAndMetadata> commitOffsets) {

  /**
   * One event's place: its record, its line in the record (from 0) and its bytes.
   *
   * @param event the event's own bytes, without the rest of the record: for an allowed publish of a
   *     verdict run, the {@code acl_verdict} event it stands for
   */
  record Source(ConsumerRecord<byte[], byte[]> record, int line, byte[] event) {}

  /** An event to dead-letter and why. */
  record Letter(Source source, Kind kind, String reason, String pointer) {}

  static Batch decode(ConsumerRecords<byte[], byte[]> records, AuditCodec codec) {
    List<EventRow> rows = new ArrayList<>(records.count());
    List<Source> sources = new ArrayList<>(records.count());
    List<Letter> letters = new ArrayList<>();
    Map<TopicPartition, Long> first = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
      first.put(tp, part.get(0).offset());
      commit.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
      for (ConsumerRecord<byte[], byte[]> record : part) {
        List<byte[]> events = AuditCodec.lines(record.value());
        for (int line = 0; line < events.size(); line++) {
          Source source = new Source(record, line, events.get(line));
          switch (codec.read(source.event())) {
            case AuditCodec.Accepted a -> {
              rows.add(EventRow.of(a.record(), new String(source.event(), StandardCharsets.UTF_8)));
              sources.add(source);
            }
            case AuditCodec.AcceptedRun run -> {
              // Each allowed publish of a verdict run (ADR 7) is stored as the event it stands
              // for, and is its own source should the database refuse it.
              for (AuditRecord event : run.records()) {
                byte[] json = codec.write(event);
                rows.add(EventRow.of(event, new String(json, StandardCharsets.UTF_8)));
                sources.add(new Source(record, line, json));
              }
            }
            case AuditCodec.Refusal r ->
                letters.add(new Letter(source, kindOf(r), r.reason(), r.pointer()));
          }
        }
      }
    }
    return new Batch(rows, sources, letters, first, commit);
  }

  /** The UTC days the rows fall on. */
  Set<LocalDate> days() {
    Set<LocalDate> days = new TreeSet<>();
    for (EventRow row : rows) {
      days.add(row.day());
    }
    return days;
  }

  static Kind kindOf(AuditCodec.Refusal refusal) {
    return switch (refusal.kind()) {
      case MALFORMED -> Kind.MALFORMED;
      case UNSUPPORTED_VERSION -> Kind.UNSUPPORTED_VERSION;
      case INVALID -> Kind.INVALID;
    };
  }
}
