package io.aviary.service.change;

import java.time.Instant;

/**
 * One change-feed entry, the {@code data} of one server-sent event.
 *
 * @param seq position in the feed; also the event id
 * @param orgId the organization whose configuration changed
 * @param kind what changed (a hint; brokers refetch what the service documents for the kind)
 * @param createdAt when the change was committed
 */
public record ChangeEvent(long seq, String orgId, String kind, Instant createdAt) {}
