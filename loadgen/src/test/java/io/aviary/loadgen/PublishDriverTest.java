package io.aviary.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sender's flow control, pacing and closed loop, against in-memory fake clients. */
class PublishDriverTest {

  /** Records publishes; completes them immediately or holds them until released. */
  private static final class FakeClient implements BenchClient {
    final boolean complete;
    final AtomicInteger published = new AtomicInteger();
    final ConcurrentLinkedQueue<byte[]> payloads = new ConcurrentLinkedQueue<>();

    FakeClient(boolean complete) {
      this.complete = complete;
    }

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public CompletableFuture<?> connect(int keepAliveSeconds) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<?> subscribe(String filter, int qos, MessageHandler handler) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<?> publish(String topic, int qos, byte[] payload) {
      published.incrementAndGet();
      payloads.add(payload);
      return complete ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<?> disconnect() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isConnected() {
      return true;
    }
  }

  private static List<PublishDriver.Publisher> publishers(List<FakeClient> clients) {
    List<PublishDriver.Publisher> publishers = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      publishers.add(new PublishDriver.Publisher(clients.get(i), "t/" + i));
    }
    return publishers;
  }

  private static void runFor(PublishDriver driver, long warmupMillis, long measureMillis)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
    long measureEnd = measureStart + TimeUnit.MILLISECONDS.toNanos(measureMillis);
    driver.start(start, measureStart, measureEnd);
    assertThat(driver.awaitFinished(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void unlimitedModeStopsAtTheInflightBoundOfEachPublisher() throws Exception {
    List<FakeClient> clients = List.of(new FakeClient(false), new FakeClient(false));
    PublishDriver driver =
        new PublishDriver(publishers(clients), 1, 32, 0, 0, 1, 7, new ErrorLog());
    try {
      runFor(driver, 0, 200);
      assertThat(clients).allSatisfy(c -> assertThat(c.published.get()).isEqualTo(7));
      assertThat(driver.sentTotal()).isEqualTo(14);
      assertThat(driver.inflight()).isEqualTo(14);
    } finally {
      driver.shutdown();
    }
  }

  @Test
  void openLoopRateSendsTheScheduleWithIntendedTimestamps() throws Exception {
    List<FakeClient> clients = List.of(new FakeClient(true), new FakeClient(true));
    List<PublishDriver.Publisher> publishers = publishers(clients);
    PublishDriver driver = new PublishDriver(publishers, 0, 16, 1000, 0, 1, 100, new ErrorLog());
    try {
      runFor(driver, 100, 400);
      // 1000 msgs/s for 0.5 s: exactly 500 messages are due, 400 of them in the measured window.
      assertThat(driver.sentTotal() + driver.unsentDue()).isEqualTo(500);
      assertThat(driver.unsentDue()).isZero();
      assertThat(driver.sentMeasured()).isEqualTo(400);
      assertThat(publishers.get(0).measuredSent() + publishers.get(1).measuredSent())
          .isEqualTo(400);
      // Round-robin, sequence numbers per publisher, timestamps 1 ms apart.
      List<byte[]> first = new ArrayList<>(clients.get(0).payloads);
      assertThat(first).hasSize(250);
      long previous = Long.MIN_VALUE;
      for (int i = 0; i < first.size(); i++) {
        ByteBuffer buffer = ByteBuffer.wrap(first.get(i));
        assertThat(Payload.sequence(buffer)).isEqualTo(i);
        assertThat(Payload.sendNanos(buffer)).isGreaterThan(previous);
        previous = Payload.sendNanos(buffer);
      }
      assertThat(publishers.get(0).firstMeasuredSeq).isEqualTo(50);
    } finally {
      driver.shutdown();
    }
  }

  @Test
  void closedLoopWindowBoundsOutstandingMessages() throws Exception {
    List<FakeClient> clients = List.of(new FakeClient(true));
    // Fan-out of 3: each message owes 3 deliveries; window of 4 messages.
    PublishDriver driver =
        new PublishDriver(publishers(clients), 1, 16, 0, 4, 3, 100, new ErrorLog());
    try {
      long start = System.nanoTime();
      // Ends before the 2 s window-stall recovery could reopen the window.
      long end = start + TimeUnit.MILLISECONDS.toNanos(1500);
      driver.start(start, start, end);
      await().atMost(5, TimeUnit.SECONDS).until(() -> clients.get(0).published.get() == 4);
      // Two full messages delivered (6 deliveries) open room for exactly two more.
      for (int i = 0; i < 6; i++) {
        driver.onDelivery(System.nanoTime());
      }
      await().atMost(5, TimeUnit.SECONDS).until(() -> clients.get(0).published.get() == 6);
      assertThat(driver.awaitFinished(5, TimeUnit.SECONDS)).isTrue();
      assertThat(driver.sentTotal()).isEqualTo(6);
    } finally {
      driver.shutdown();
    }
  }
}
