package io.aviary.loadgen;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/** The fanin, fanout and pairs scenarios: publish, receive, count loss and latency. */
final class MessagingScenario {

  /** How often the drain phase checks whether every expected delivery has arrived. */
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** One publisher as seen by one subscriber. */
  private record Stream(PublishDriver.Publisher publisher, SequenceTracker tracker) {}

  /** Measured window bounds, published to the subscriber callbacks before publishing starts. */
  private record Window(long measureStart, long measureEnd) {}

  private final LoadGenConfig config;
  private final ErrorLog errors;
  private final ExecutorService launcher;

  private final ConcurrentHistogram latency = Latency.newHistogram();
  private final LongAdder receivedTotal = new LongAdder();
  private final LongAdder uniqueMeasured = new LongAdder();

  private final int publisherCount;
  private final int subscriberCount;
  private final List<PublishDriver.Publisher> publishers = new ArrayList<>();
  private final List<BenchClient> subscribers = new ArrayList<>();
  private final Stream[] streams;

  private PublishDriver driver;
  private volatile Window window;
  private volatile boolean closed;

  MessagingScenario(LoadGenConfig config, ErrorLog errors, ExecutorService launcher) {
    this.config = config;
    this.errors = errors;
    this.launcher = launcher;
    int n = config.clients();
    switch (config.scenario()) {
      case FANIN -> {
        publisherCount = n;
        subscriberCount = 1;
      }
      case FANOUT -> {
        publisherCount = 1;
        subscriberCount = n;
      }
      case PAIRS -> {
        publisherCount = n;
        subscriberCount = n;
      }
      default ->
          throw new IllegalArgumentException("not a messaging scenario: " + config.scenario());
    }
    streams = new Stream[config.scenario() == Scenario.FANOUT ? subscriberCount : publisherCount];
  }

  /** The topic publisher {@code i} publishes to. */
  static String publishTopic(Scenario scenario, String prefix, int i) {
    return switch (scenario) {
      case FANIN -> prefix + "/in/" + i;
      case FANOUT -> prefix + "/out";
      case PAIRS -> prefix + "/pair/" + i;
      default -> throw new IllegalArgumentException(scenario.toString());
    };
  }

  /** The filter subscriber {@code i} subscribes to. */
  static String subscribeFilter(Scenario scenario, String prefix, int i) {
    return switch (scenario) {
      case FANIN -> prefix + "/in/#";
      case FANOUT -> prefix + "/out";
      case PAIRS -> prefix + "/pair/" + i;
      default -> throw new IllegalArgumentException(scenario.toString());
    };
  }

  RunResult run() throws Exception {
    ClientFactory factory = new ClientFactory(config);
    ConnectionTracker listener = new ConnectionTracker(errors);
    String prefix = config.topicPrefix();
    String idBase = "aviary-lg-" + config.runId() + "-";
    for (int i = 0; i < subscriberCount; i++) {
      subscribers.add(factory.createSubscriber(idBase + "s" + i, listener));
    }
    for (int i = 0; i < publisherCount; i++) {
      publishers.add(
          new PublishDriver.Publisher(
              factory.create(idBase + "p" + i, listener),
              publishTopic(config.scenario(), prefix, i)));
    }
    for (int i = 0; i < streams.length; i++) {
      PublishDriver.Publisher publisher =
          config.scenario() == Scenario.FANOUT ? publishers.get(0) : publishers.get(i);
      streams[i] = new Stream(publisher, new SequenceTracker());
    }
    int deliveriesPerMessage = config.scenario() == Scenario.FANOUT ? subscriberCount : 1;
    driver =
        new PublishDriver(
            publishers,
            config.qos(),
            config.payloadSize(),
            config.rate(),
            config.window(),
            deliveriesPerMessage,
            config.maxInflight(),
            errors);

    List<BenchClient> all = new ArrayList<>(subscribers);
    publishers.forEach(p -> all.add(p.client));
    PhaseMeter meter = new PhaseMeter(config.brokerPid(), errors);
    try {
      // Connect.
      int waves = (all.size() + config.connectConcurrency() - 1) / config.connectConcurrency();
      long connectDeadline =
          System.nanoTime()
              + Math.min(
                  config.maxRuntime().toNanos(), config.connectTimeout().toNanos() * (waves + 1));
      Connector.Stats connect =
          Connector.connectAll(
              all,
              config.connectConcurrency(),
              config.keepAlive(),
              connectDeadline,
              launcher,
              errors);
      if (connect.failed() > 0) {
        return failed(connect, meter);
      }
      // Subscribe and wait for every SUBACK.
      if (!subscribeAll()) {
        return failed(connect, meter);
      }
      // Publish: warm-up, then the measured window.
      long start = System.nanoTime();
      long measureStart = start + config.warmup().toNanos();
      long measureEnd = measureStart + config.duration().toNanos();
      window = new Window(measureStart, measureEnd);
      driver.start(start, measureStart, measureEnd);
      parkUntil(measureStart);
      meter.start();
      long finishTimeout = measureEnd - System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      if (!driver.awaitFinished(finishTimeout, TimeUnit.NANOSECONDS)) {
        errors.record("publisher did not stop in time");
      }
      meter.stop();
      // Drain: wait for stragglers until all expected deliveries arrived or --drain passed.
      long stoppedAt = System.nanoTime();
      long expected = expectedDeliveries();
      long drainDeadline = stoppedAt + config.drain().toNanos();
      while (System.nanoTime() < drainDeadline
          && (uniqueMeasured.sum() < expected || driver.inflight() > 0)) {
        LockSupport.parkNanos(DRAIN_POLL_NANOS);
      }
      double drainSeconds = (System.nanoTime() - stoppedAt) / 1e9;
      closed = true;
      return result(connect, meter, drainSeconds);
    } finally {
      closed = true;
      listener.stopping();
      driver.shutdown();
      Connector.disconnectAll(all, Duration.ofSeconds(10), errors);
    }
  }

  private boolean subscribeAll() throws InterruptedException {
    List<CompletableFuture<?>> acks = new ArrayList<>();
    for (int i = 0; i < subscriberCount; i++) {
      BenchClient subscriber = subscribers.get(i);
      int index = i;
      String filter = subscribeFilter(config.scenario(), config.topicPrefix(), i);
      try {
        acks.add(
            subscriber
                .subscribe(
                    filter,
                    config.qos(),
                    (topic, payload) -> onMessage(index, subscriber, topic, payload))
                .whenComplete(
                    (ack, failure) -> {
                      if (failure != null) {
                        errors.record("subscribe " + subscriber.id() + " to " + filter, failure);
                      }
                    }));
      } catch (RuntimeException e) {
        errors.record("subscribe " + subscriber.id(), e);
        return false;
      }
    }
    try {
      CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]))
          .get(config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      return false;
    } catch (TimeoutException e) {
      errors.record("subscribe timed out after " + config.connectTimeout().toSeconds() + " s");
      return false;
    }
  }

  private void onMessage(
      int subscriberIndex, BenchClient subscriber, String topic, ByteBuffer payload) {
    long now = System.nanoTime();
    receivedTotal.increment();
    driver.onDelivery(now);
    if (!Payload.isDecodable(payload)) {
      errors.record(
          "subscriber "
              + subscriber.id()
              + ": "
              + payload.remaining()
              + "-byte payload on "
              + topic
              + " is too short");
      return;
    }
    Window w = window;
    if (w == null || closed) {
      return;
    }
    long sent = Payload.sendNanos(payload);
    if (sent < w.measureStart() || sent >= w.measureEnd()) {
      return;
    }
    int streamIndex = streamIndex(subscriberIndex, topic);
    if (streamIndex < 0) {
      errors.record("subscriber " + subscriber.id() + ": unexpected topic " + topic);
      return;
    }
    Stream stream = streams[streamIndex];
    if (stream.tracker().record(Payload.sequence(payload), stream.publisher().firstMeasuredSeq)) {
      uniqueMeasured.increment();
      Latency.record(latency, now - sent);
    }
  }

  private int streamIndex(int subscriberIndex, String topic) {
    return switch (config.scenario()) {
      case FANOUT, PAIRS -> subscriberIndex;
      case FANIN -> {
        int slash = topic.lastIndexOf('/');
        try {
          int i = Integer.parseInt(topic.substring(slash + 1));
          yield i >= 0 && i < publisherCount ? i : -1;
        } catch (NumberFormatException e) {
          yield -1;
        }
      }
      default -> -1;
    };
  }

  private long expectedDeliveries() {
    long expected = 0;
    for (Stream stream : streams) {
      expected += stream.publisher().measuredSent();
    }
    return expected;
  }

  private RunResult result(Connector.Stats connect, PhaseMeter meter, double drainSeconds) {
    long expected = 0;
    long received = 0;
    long lost = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    boolean exact = true;
    for (Stream stream : streams) {
      long streamExpected = stream.publisher().measuredSent();
      SequenceTracker tracker = stream.tracker();
      expected += streamExpected;
      received += tracker.unique();
      lost += tracker.lost(streamExpected);
      duplicates += tracker.duplicates();
      outOfOrder += tracker.outOfOrder();
      exact &= tracker.isExact();
    }
    RunResult.Messaging messaging =
        new RunResult.Messaging(
            driver.sentMeasured(),
            driver.sentTotal(),
            expected,
            received,
            lost,
            duplicates,
            outOfOrder,
            exact,
            receivedTotal.sum(),
            driver.unsentDue(),
            driver.windowResets(),
            driver.publishFailures(),
            Latency.Summary.of(latency));
    return new RunResult(
        config,
        true,
        publisherCount,
        subscriberCount,
        publisherCount + subscriberCount,
        config.duration().toNanos() / 1e9,
        drainSeconds,
        messaging,
        connect,
        null,
        errors.count(),
        errors.samples(),
        meter.loadgenCpuPercent(),
        meter.broker());
  }

  private RunResult failed(Connector.Stats connect, PhaseMeter meter) {
    return new RunResult(
        config,
        false,
        publisherCount,
        subscriberCount,
        publisherCount + subscriberCount,
        0,
        0,
        null,
        connect,
        null,
        errors.count(),
        errors.samples(),
        meter.loadgenCpuPercent(),
        meter.broker());
  }

  /** Waits until {@link System#nanoTime()} reaches {@code deadline}. */
  static void parkUntil(long deadline) throws InterruptedException {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
