package io.aviary.audit.pipeline.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The range and bucket width of refusal statistics: events with {@code from} ≤ time < {@code to},
 * counted per {@code bucket}. The first and last buckets may be partly outside the range; only
 * events inside it count.
 */
public record StatsWindow(Instant from, Instant to, Bucket bucket) {

  public StatsWindow {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from");
    }
  }

  /** How many buckets the range touches. */
  public long count() {
    long span = to.getEpochSecond() - bucket.floor(from).getEpochSecond();
    long width = bucket.width().toSeconds();
    // A range ending inside a second still touches the bucket of that second.
    long seconds = to.getNano() > 0 ? span + 1 : span;
    return Math.ceilDiv(seconds, width);
  }

  /** The start of every bucket the range touches, oldest first. */
  public List<Instant> starts() {
    List<Instant> starts = new ArrayList<>();
    for (Instant s = bucket.floor(from); s.isBefore(to); s = s.plus(bucket.width())) {
      starts.add(s);
    }
    return starts;
  }
}
