/**
 * Feeds that follow a table live, shared by the change feed ({@link io.aviary.service.change}) and
 * audit-pipeline's live tail: {@link io.aviary.service.feed.NotifyListener} holds a {@code LISTEN}
 * connection and says when to look, {@link io.aviary.service.feed.FeedHub} streams each
 * subscriber's rows after its cursor as server-sent events, in {@code seq} order, from a {@link
 * io.aviary.service.feed.FeedSource}. The table is the truth; NOTIFY only wakes.
 *
 * <p>{@link io.aviary.service.feed.NotifyListeners} starts listeners on the service's own database
 * ({@code quarkus.datasource.*}); the two core classes are plain Java, built with {@code new}.
 */
package io.aviary.service.feed;
