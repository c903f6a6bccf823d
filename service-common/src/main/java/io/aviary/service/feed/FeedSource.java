package io.aviary.service.feed;

import java.util.List;

/**
 * What one {@link FeedHub} subscriber follows: rows numbered by an increasing {@code seq}, read
 * after the subscriber's cursor. The table behind it is the truth; wake-ups only say when to look.
 */
public interface FeedSource {

  /**
   * One row after a cursor.
   *
   * @param seq its position; the event id sent with it
   * @param data the event's data, or null when this subscriber skips the row (its cursor still
   *     moves past it)
   */
  record Entry(long seq, String data) {}

  /** The newest seq now: a subscriber that gives no cursor starts after it. */
  long head();

  /**
   * Up to {@code limit} entries after {@code seq}, in seq order. A {@link RuntimeException} ends
   * the subscription; a source that wants its subscribers kept through a failed read returns an
   * empty list instead, and the next wake-up or keep-alive reads again.
   */
  List<Entry> after(long seq, int limit);
}
