package io.aviary.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Halts the JVM when a run exceeds its hard time cap ({@code --max-runtime}), so that every run
 * stops by itself whatever the broker does.
 */
final class Watchdog implements AutoCloseable {

  /** Exit status when the watchdog halts the JVM (as timeout(1)). */
  static final int HALT_STATUS = 124;

  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;

  private Watchdog(Duration limit, PrintStream err) {
    thread =
        new Thread(
            () -> {
              try {
                if (!closed.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                  err.println(
                      "aviary-loadgen: run exceeded --max-runtime of "
                          + limit.toSeconds()
                          + " s; halting the JVM");
                  err.flush();
                  Runtime.getRuntime().halt(HALT_STATUS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "loadgen-watchdog");
    thread.setDaemon(true);
  }

  /** Starts a watchdog that halts the JVM after {@code limit} unless closed before. */
  static Watchdog start(Duration limit, PrintStream err) {
    Watchdog watchdog = new Watchdog(limit, err);
    watchdog.thread.start();
    return watchdog;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
