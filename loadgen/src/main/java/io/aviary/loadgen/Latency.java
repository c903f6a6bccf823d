package io.aviary.loadgen;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;

/** Latency histograms in nanoseconds and their percentile summaries in milliseconds. */
public final class Latency {

  /** Highest trackable latency; larger values are clamped to it. */
  public static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(15);

  private Latency() {}

  /** A new thread-safe histogram of nanosecond latencies with 3 significant digits. */
  public static ConcurrentHistogram newHistogram() {
    return new ConcurrentHistogram(1, MAX_NANOS, 3);
  }

  /** Records {@code nanos} into {@code histogram}, clamped to [0, {@link #MAX_NANOS}]. */
  public static void record(AbstractHistogram histogram, long nanos) {
    histogram.recordValue(Math.max(0, Math.min(MAX_NANOS, nanos)));
  }

  /**
   * Percentiles of a histogram in milliseconds.
   *
   * @param count number of recorded values
   */
  public record Summary(
      long count, double p50, double p95, double p99, double p999, double max, double mean) {

    /** Summarizes {@code histogram} (all zeros when empty). */
    public static Summary of(AbstractHistogram histogram) {
      long count = histogram.getTotalCount();
      if (count == 0) {
        return new Summary(0, 0, 0, 0, 0, 0, 0);
      }
      return new Summary(
          count,
          ms(histogram.getValueAtPercentile(50)),
          ms(histogram.getValueAtPercentile(95)),
          ms(histogram.getValueAtPercentile(99)),
          ms(histogram.getValueAtPercentile(99.9)),
          ms(histogram.getMaxValue()),
          histogram.getMean() / 1e6);
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }
}
