package io.aviary.service.feed;

import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Streams a feed to server-sent-event subscribers. Each subscriber has a {@link FeedSource} and a
 * cursor (the last seq it was sent); a wake-up makes it read the entries after its cursor and send
 * them in seq order. The source is the truth: a missed wake-up only delays delivery until the next
 * one or the keep-alive. Work for one subscriber runs serially on a small pool; a source hands back
 * its rows before they are sent, so a slow client holds only its worker, never a database
 * connection. A subscription ends when its client goes, a send times out, its source fails, or its
 * time is up.
 */
public final class FeedHub implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FeedHub.class);
  private static final int BATCH = 500;
  private static final int WORKERS = 4;
  private static final long SEND_TIMEOUT_SECONDS = 10;
  private static final long KEEPALIVE_SECONDS = 15;
  private static final long RECONNECT_DELAY_MILLIS = 2000;

  private final String name;
  private final int maxSubscribers;
  private final Clock clock;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;

  /**
   * @param name what the feed is, lower case ({@code "change feed"}): its greeting comment is
   *     {@code aviary <name>}, and it names the threads and the 503 when {@code maxSubscribers} are
   *     open
   */
  public FeedHub(String name, int maxSubscribers, Clock clock) {
    this.name = name;
    this.maxSubscribers = maxSubscribers;
    this.clock = clock;
    String threads = "aviary-" + name.replace(' ', '-');
    this.workers =
        Executors.newFixedThreadPool(
            WORKERS, Thread.ofPlatform().daemon().name(threads + "-", 1).factory());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(threads + "-keepalive").factory());
    ticker.scheduleAtFixedRate(
        this::keepAlive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * The resume position a client sent ({@code Last-Event-ID} or a query parameter called {@code
   * name}): -1 when it sent none.
   *
   * @throws ProblemException {@code validation_failed} when it is not an event id
   */
  public static long position(String value, String name) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      long seq = Long.parseLong(value.strip());
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProblemException(
        ProblemCode.VALIDATION_FAILED,
        name + " must be a non-negative integer, the id of an event this stream sent.");
  }

  /**
   * Adds a subscriber that first receives every entry of {@code source} after {@code after} (or,
   * when it is negative, only those after the source's head now), then live ones, until {@code
   * until}.
   *
   * @param key what {@link #wake(Collection)} wakes it for (an organization), or null
   */
  public void subscribe(
      SseEventSink sink, Sse sse, FeedSource source, long after, String key, Instant until) {
    if (subscribers.size() >= maxSubscribers) {
      throw new ProblemException(
          ProblemCode.UNAVAILABLE, "Too many " + name + " subscribers; retry later.");
    }
    Subscriber s = new Subscriber(sink, sse, source, key, until);
    s.cursor = after >= 0 ? after : source.head();
    // The first write happens here, on the request's thread and before any worker can write: it
    // commits the response head (two threads committing it race), carries the reconnect delay, and
    // comes after the cursor is fixed, so a client that saw it misses nothing stored later.
    send(
        s,
        sse.newEventBuilder()
            .comment("aviary " + name)
            .reconnectDelay(RECONNECT_DELAY_MILLIS)
            .build());
    subscribers.add(s);
    schedule(s);
  }

  /** Makes every subscriber look for new entries. */
  public void wakeAll() {
    for (Subscriber s : subscribers) {
      schedule(s);
    }
  }

  /** Makes the subscribers whose key is one of {@code keys} look for new entries. */
  public void wake(Collection<String> keys) {
    for (Subscriber s : subscribers) {
      if (s.key != null && keys.contains(s.key)) {
        schedule(s);
      }
    }
  }

  /** Open subscriptions. */
  public int size() {
    return subscribers.size();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
    for (Subscriber s : subscribers) {
      s.sink.close();
    }
    subscribers.clear();
  }

  private void keepAlive() {
    Instant now = clock.instant();
    for (Subscriber s : subscribers) {
      if (now.isAfter(s.until)) {
        drop(s);
      } else {
        s.keepAliveDue = true;
        schedule(s);
      }
    }
  }

  private void schedule(Subscriber s) {
    s.pending.set(true);
    if (s.running.compareAndSet(false, true)) {
      try {
        workers.execute(() -> run(s));
      } catch (RejectedExecutionException e) {
        s.running.set(false); // closing
      }
    }
  }

  private void run(Subscriber s) {
    try {
      while (s.pending.getAndSet(false)) {
        drain(s);
      }
    } catch (RuntimeException e) {
      LOG.debugf(e, "A %s subscriber was dropped", name);
      drop(s);
    } finally {
      s.running.set(false);
    }
    if (s.pending.get() && subscribers.contains(s)) {
      schedule(s);
    }
  }

  private void drain(Subscriber s) {
    if (s.sink.isClosed()) {
      drop(s);
      return;
    }
    List<FeedSource.Entry> entries;
    do {
      entries = s.source.after(s.cursor, BATCH);
      for (FeedSource.Entry entry : entries) {
        if (entry.data() != null) {
          send(
              s, s.sse.newEventBuilder().id(Long.toString(entry.seq())).data(entry.data()).build());
        }
        s.cursor = entry.seq();
      }
    } while (entries.size() == BATCH);
    if (s.keepAliveDue) {
      s.keepAliveDue = false;
      send(s, s.sse.newEventBuilder().comment("keep-alive").build());
    }
  }

  private static void send(Subscriber s, OutboundSseEvent event) {
    try {
      s.sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("send failed", e);
    }
  }

  private void drop(Subscriber s) {
    subscribers.remove(s);
    if (!s.sink.isClosed()) {
      s.sink.close();
    }
  }

  private static final class Subscriber {
    final SseEventSink sink;
    final Sse sse;
    final FeedSource source;
    final String key;
    final Instant until;
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean pending = new AtomicBoolean();
    volatile long cursor;
    volatile boolean keepAliveDue;

    Subscriber(SseEventSink sink, Sse sse, FeedSource source, String key, Instant until) {
      this.sink = sink;
      this.sse = sse;
      this.source = source;
      this.key = key;
      this.until = until;
    }
  }
}
