package io.aviary.tenant.change;

import java.time.Instant;

/**
 * One change-feed entry, the {@code data} of one server-sent event.
 *
 * @param seq position in the feed; also the event id
 * @param orgId the organization whose broker configuration changed
 * @param kind what changed (a hint; brokers refetch the whole broker-config)
 * @param createdAt when the change was committed
 */
public record ChangeEvent(long seq, String orgId, String kind, Instant createdAt) {}
