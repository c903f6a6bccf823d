package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Fetches one organization's data from where it is kept; no caching.
 *
 * @param <V> what is kept per organization
 */
public interface OrgSource<V> {
  /** The data, empty when there is none (no such organization); fails when unreachable. */
  CompletionStage<Optional<V>> fetch(OrgId org);
}
