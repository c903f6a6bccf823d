package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.pipeline.ingest.BatchStore.Stored;
import io.aviary.audit.pipeline.ingest.DeadLetters.DeadLetterException;
import io.aviary.audit.pipeline.ingest.DeadLetters.Kind;
import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.store.EventWriter;
import io.aviary.audit.pipeline.store.Partitions;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Consumes the audit topic into the store. Each poll is one batch: decoded with the strict {@link
 * AuditCodec}, its valid events stored in one transaction ({@link BatchStore}), the rest moved to
 * the dead-letter topic, and only then its offsets committed. A crash before the commit redelivers
 * the batch, which the store's {@code ON CONFLICT} makes harmless. When the database fails, nothing
 * is committed: the consumer seeks back to the batch's first offsets and retries after a growing
 * pause, so nothing is lost and the loop never stops.
 *
 * <p>Two threads, so that Kafka and PostgreSQL work at the same time: the consumer thread polls and
 * decodes the next batch while a writer thread stores the previous one. Batches are still stored
 * one at a time and in order, and the consumer alone touches the {@link KafkaConsumer}.
 */
public final class AuditIngestor implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AuditIngestor.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration BUSY_POLL = Duration.ofMillis(20);
  private static final Duration LAG_INTERVAL = Duration.ofSeconds(5);
  private static final Duration LAG_TIMEOUT = Duration.ofSeconds(2);

  /** A batch the writer thread is storing. */
  private record InFlight(Batch batch, Future<Stored> stored) {}

  private final IngestSettings settings;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final DeadLetters deadLetters;
  private final BatchStore store;
  private final AuditMetrics metrics;
  private final AuditCodec codec = new AuditCodec();
  private final ExecutorService writerThread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private InFlight inFlight;
  private Batch failed;
  private Duration backoff = FIRST_BACKOFF;
  private long lagCheckedAt;

  /**
   * @param clientProperties Kafka client properties: at least {@code bootstrap.servers} and {@code
   *     group.id}; the consumer's deserializers, manual commits and {@code max.poll.records} are
   *     set here, and the dead-letter producer takes the producer properties among them
   */
  public AuditIngestor(
      Map<String, Object> clientProperties,
      DataSource dataSource,
      Partitions partitions,
      IngestSettings settings,
      AuditMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.store = new BatchStore(partitions, new EventWriter(dataSource));
    this.consumer = new KafkaConsumer<>(IngestClients.consumer(clientProperties, settings));
    this.producer = new KafkaProducer<>(IngestClients.deadLetterProducer(clientProperties));
    this.deadLetters = new DeadLetters(producer, settings.deadLetterTopic());
    this.writerThread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("aviary-audit-writer").factory());
    this.thread = Thread.ofPlatform().name("aviary-audit-ingest").unstarted(this::run);
  }

  /** Starts consuming; returns at once. */
  public AuditIngestor start() {
    thread.start();
    return this;
  }

  /** Whether the consuming thread is running. */
  public boolean isAlive() {
    return thread.isAlive() && !closed();
  }

  /** Stops after the batch in hand (its offsets are committed only if it was stored). */
  @Override
  public void close() {
    stop.countDown();
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean closed() {
    return stop.getCount() == 0;
  }

  private void run() {
    lagCheckedAt = System.nanoTime() - LAG_INTERVAL.toNanos();
    boolean crashed = true;
    try {
      consumer.subscribe(List.of(settings.topic()), new Drain());
      while (!closed()) {
        ConsumerRecords<byte[], byte[]> records =
            consumer.poll(inFlight == null ? settings.pollTimeout() : BUSY_POLL);
        Batch next = records.isEmpty() ? null : Batch.decode(records, codec);
        if (failed == null && inFlight != null && (next != null || inFlight.stored().isDone())) {
          finish();
        }
        if (failed != null) {
          retryLater(failed, next);
        } else if (next != null) {
          inFlight = new InFlight(next, writerThread.submit(() -> store.store(next)));
        }
        checkLag();
      }
      crashed = false;
    } catch (WakeupException | InterruptException e) {
      crashed = false; // closing
    } catch (RuntimeException e) {
      LOG.error("The audit ingest loop stopped", e);
    } finally {
      if (!crashed && inFlight != null) {
        // Closing cleanly: the batch being stored is committed if it makes it.
        try {
          finish();
        } catch (RuntimeException e) {
          LOG.debug("The last batch was not committed; it will be redelivered", e);
        }
      }
      writerThread.shutdownNow();
      metrics.lagGone(this);
      closeClients();
    }
  }

  /**
   * Waits for the batch in flight; when it was stored, sends its dead letters and commits its
   * offsets, else marks it {@link #failed} for a retry.
   */
  private void finish() {
    InFlight done = inFlight;
    inFlight = null;
    try {
      Stored stored = done.stored().get();
      done.batch().letters().forEach(deadLetters::send);
      stored.unstorable().forEach(deadLetters::send);
      List<Kind> lettered = deadLetters.confirm();
      commit(done.batch());
      metrics.batchWritten(
          done.batch().rows().size() - stored.unstorable().size(),
          stored.inserted(),
          stored.took());
      lettered.forEach(kind -> metrics.deadLettered(kind.code()));
      backoff = FIRST_BACKOFF;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error; // the process is in no state to go on
      }
      fail(done.batch(), e.getCause());
    } catch (DeadLetterException e) {
      fail(done.batch(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void fail(Batch batch, Throwable cause) {
    metrics.writeFailed();
    deadLetters.discard();
    failed = batch;
    LOG.warnf(
        "Storing a batch of %d audit records failed (%s); retrying from its first offsets in %d ms",
        batch.rows().size() + batch.letters().size(), cause.toString(), backoff.toMillis());
  }

  private void commit(Batch batch) {
    try {
      consumer.commitSync(batch.commitOffsets());
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      // Stored but not committed: whoever reads these offsets next redelivers, and the store
      // skips what it already has.
      LOG.warnf("Committing offsets failed (%s); the batch will be redelivered", e.toString());
    }
  }

  /**
   * Seeks every partition back to the failed batch's first offset (or the next batch's, for
   * partitions only it holds), so that the next poll returns them again, and pauses.
   */
  private void retryLater(Batch batch, Batch next) {
    failed = null;
    Map<TopicPartition, Long> from = new HashMap<>();
    if (next != null) {
      from.putAll(next.firstOffsets());
    }
    batch.firstOffsets().forEach((tp, offset) -> from.merge(tp, offset, Math::min));
    Set<TopicPartition> assigned = consumer.assignment();
    from.forEach(
        (tp, offset) -> {
          if (assigned.contains(tp)) {
            consumer.seek(tp, offset);
          }
        });
    try {
      stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.countDown();
    }
    backoff = backoff.multipliedBy(2);
    if (backoff.compareTo(settings.maxBackoff()) > 0) {
      backoff = settings.maxBackoff();
    }
  }

  private void checkLag() {
    long now = System.nanoTime();
    if (now - lagCheckedAt < LAG_INTERVAL.toNanos()) {
      return;
    }
    lagCheckedAt = now;
    try {
      metrics.lag(this, ConsumerLag.measure(consumer, LAG_TIMEOUT));
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.debugf("Consumer lag not measured: %s", e.toString());
    }
  }

  /**
   * Before partitions move to another consumer, the batch in flight is finished and committed, so
   * the new owner does not store it again (it would only skip it).
   */
  private final class Drain implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (inFlight != null && failed == null) {
        finish();
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // positions come from the committed offsets
    }
  }

  private void closeClients() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      LOG.debug("Closing the audit consumer failed", e);
    }
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.debug("Closing the dead-letter producer failed", e);
    }
  }
}
