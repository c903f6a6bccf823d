package io.aviary.audit.pipeline.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the store is behind the topic: for each partition assigned to this consumer, its end
 * offset minus the group's committed offset (or minus its first offset when the group never
 * committed there), summed. Called on the consumer's own thread.
 */
final class ConsumerLag {

  private ConsumerLag() {}

  /** The lag in records; asks the broker, waiting at most {@code timeout} per request. */
  static long measure(Consumer<?, ?> consumer, Duration timeout) {
    Set<TopicPartition> assigned = consumer.assignment();
    if (assigned.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, timeout);
    Map<TopicPartition, Long> from = new HashMap<>();
    List<TopicPartition> never = new ArrayList<>();
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null) {
        never.add(tp);
      } else {
        from.put(tp, c.offset());
      }
    }
    if (!never.isEmpty()) {
      from.putAll(consumer.beginningOffsets(never, timeout));
    }
    long lag = 0;
    for (TopicPartition tp : assigned) {
      long start = from.getOrDefault(tp, 0L);
      lag += Math.max(0, end.getOrDefault(tp, start) - start);
    }
    return lag;
  }
}
