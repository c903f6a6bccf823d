package io.aviary.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Connects many clients with at most {@code concurrency} CONNECTs outstanding and measures CONNACK
 * latency (from the connect call, so it includes TCP and TLS handshakes).
 */
final class Connector {

  /** Outcome of one connect round. */
  record Stats(
      int attempted,
      int succeeded,
      int failed,
      long elapsedNanos,
      Latency.Summary connack,
      boolean timedOut) {

    double connectsPerSecond() {
      return elapsedNanos <= 0 ? 0 : succeeded * 1e9 / elapsedNanos;
    }

    static Stats none() {
      return new Stats(0, 0, 0, 0, Latency.Summary.of(Latency.newHistogram()), false);
    }
  }

  private Connector() {}

  /**
   * Connects all {@code clients}; returns when every connect has completed or {@code deadline} (an
   * absolute {@link System#nanoTime()}) has passed.
   *
   * @param launcher runs the next CONNECT when one completes (so completions never recurse)
   */
  static Stats connectAll(
      List<BenchClient> clients,
      int concurrency,
      int keepAlive,
      long deadline,
      Executor launcher,
      ErrorLog errors)
      throws InterruptedException {
    int n = clients.size();
    ConcurrentHistogram histogram = Latency.newHistogram();
    CountDownLatch done = new CountDownLatch(n);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicLong lastCompletion = new AtomicLong();
    long start = System.nanoTime();
    Runnable launchNext =
        new Runnable() {
          @Override
          public void run() {
            int i = next.getAndIncrement();
            if (i >= n) {
              return;
            }
            BenchClient client = clients.get(i);
            long t0 = System.nanoTime();
            Runnable self = this;
            try {
              client
                  .connect(keepAlive)
                  .whenComplete(
                      (ack, failure) -> {
                        long t1 = System.nanoTime();
                        if (failure == null) {
                          Latency.record(histogram, t1 - t0);
                          succeeded.incrementAndGet();
                        } else {
                          errors.record("connect " + client.id(), failure);
                        }
                        lastCompletion.accumulateAndGet(t1, Math::max);
                        done.countDown();
                        launcher.execute(self);
                      });
            } catch (RuntimeException e) {
              errors.record("connect " + client.id(), e);
              lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
              done.countDown();
              launcher.execute(self);
            }
          }
        };
    for (int i = 0; i < Math.min(concurrency, n); i++) {
      launcher.execute(launchNext);
    }
    boolean complete = done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    long end = complete ? lastCompletion.get() : System.nanoTime();
    if (!complete) {
      errors.record("connect phase timed out with " + done.getCount() + " connects unfinished");
      // Stop launching further CONNECTs.
      next.set(n);
    }
    int ok = succeeded.get();
    return new Stats(
        n, ok, n - ok, Math.max(0, end - start), Latency.Summary.of(histogram), !complete);
  }

  /** Disconnects every connected client and waits up to {@code timeout} for all to finish. */
  static void disconnectAll(List<BenchClient> clients, Duration timeout, ErrorLog errors)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(clients.size());
    for (BenchClient client : clients) {
      if (!client.isConnected()) {
        done.countDown();
        continue;
      }
      try {
        client
            .disconnect()
            .whenComplete(
                (ignored, failure) -> {
                  if (failure != null && client.isConnected()) {
                    errors.record("disconnect " + client.id(), failure);
                  }
                  done.countDown();
                });
      } catch (RuntimeException e) {
        done.countDown();
      }
    }
    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      errors.record("disconnect timed out with " + done.getCount() + " clients unfinished");
    }
  }
}
