package io.aviary.audit.pipeline.ingest;

import java.time.Duration;

/**
 * What the ingest loop reads and how it paces itself.
 *
 * @param topic the audit topic
 * @param deadLetterTopic where refused records go
 * @param batchSize most records per poll ({@code max.poll.records}), stored in one transaction
 * @param pollTimeout how long one poll waits for records
 * @param maxBackoff the longest wait between retries of a failed batch
 */
public record IngestSettings(
    String topic,
    String deadLetterTopic,
    int batchSize,
    Duration pollTimeout,
    Duration maxBackoff) {

  public IngestSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
  }

  /** The defaults for {@code topic}: batches of 2,000, retries backing off up to 10 s. */
  public static IngestSettings of(String topic, String deadLetterTopic) {
    return new IngestSettings(
        topic, deadLetterTopic, 2000, Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  public IngestSettings withBatchSize(int size) {
    return new IngestSettings(topic, deadLetterTopic, size, pollTimeout, maxBackoff);
  }

  public IngestSettings withMaxBackoff(Duration backoff) {
    return new IngestSettings(topic, deadLetterTopic, batchSize, pollTimeout, backoff);
  }
}
