package io.aviary.loadgen;

import java.util.Map;
import java.util.TreeMap;

/**
 * Exact loss, duplicate and reordering accounting for one stream of sequence numbers (one publisher
 * as seen by one subscriber).
 *
 * <p>The tracker keeps the next expected sequence number and the open gaps (ranges skipped over and
 * not received yet). In-order delivery costs no memory; a late message that fills a gap is counted
 * as unique and out of order; a sequence number seen before is a duplicate. Loss is the number of
 * expected sequence numbers never received. Gaps are kept up to {@link #maxGaps}; past that the
 * oldest gap is forgotten and {@link #isExact()} turns false (a late arrival into a forgotten gap
 * would then be counted as a duplicate).
 *
 * <p>Thread-safe: all methods synchronize on the tracker.
 */
public final class SequenceTracker {

  /** Default bound on the number of open gaps remembered per stream. */
  public static final int DEFAULT_MAX_GAPS = 100_000;

  private final int maxGaps;

  /** Gap start (inclusive) to gap end (exclusive). */
  private final TreeMap<Long, Long> gaps = new TreeMap<>();

  private long next = -1;
  private long unique;
  private long duplicates;
  private long outOfOrder;
  private boolean exact = true;

  public SequenceTracker() {
    this(DEFAULT_MAX_GAPS);
  }

  public SequenceTracker(int maxGaps) {
    if (maxGaps < 1) {
      throw new IllegalArgumentException("maxGaps must be positive");
    }
    this.maxGaps = maxGaps;
  }

  /**
   * Records the arrival of {@code seq}.
   *
   * @param firstExpected the first sequence number of the stream, or a negative value when unknown
   *     (then the first arrival starts the stream)
   * @return whether {@code seq} was new (not a duplicate)
   */
  public synchronized boolean record(long seq, long firstExpected) {
    if (next < 0) {
      next = firstExpected >= 0 ? Math.min(firstExpected, seq) : seq;
    }
    if (seq == next) {
      next++;
      unique++;
      return true;
    }
    if (seq > next) {
      addGap(next, seq);
      next = seq + 1;
      unique++;
      return true;
    }
    // seq < next: either fills a gap (late, out of order) or is a duplicate.
    Map.Entry<Long, Long> gap = gaps.floorEntry(seq);
    if (gap != null && seq < gap.getValue()) {
      long start = gap.getKey();
      long end = gap.getValue();
      gaps.remove(start);
      if (start < seq) {
        gaps.put(start, seq);
      }
      if (seq + 1 < end) {
        gaps.put(seq + 1, end);
      }
      unique++;
      outOfOrder++;
      return true;
    }
    duplicates++;
    return false;
  }

  private void addGap(long start, long end) {
    gaps.put(start, end);
    if (gaps.size() > maxGaps) {
      gaps.pollFirstEntry();
      exact = false;
    }
  }

  /** Distinct sequence numbers received. */
  public synchronized long unique() {
    return unique;
  }

  /** Arrivals of a sequence number already received. */
  public synchronized long duplicates() {
    return duplicates;
  }

  /** Arrivals of a sequence number lower than one received before it (late gap fills). */
  public synchronized long outOfOrder() {
    return outOfOrder;
  }

  /** Whether the counts are exact (no gap had to be forgotten). */
  public synchronized boolean isExact() {
    return exact;
  }

  /** Messages lost out of {@code expected} sent: expected minus distinct received, at least 0. */
  public synchronized long lost(long expected) {
    return Math.max(0, expected - unique);
  }

  /** Number of currently open gaps (for tests and diagnostics). */
  public synchronized int openGaps() {
    return gaps.size();
  }
}
