package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: per-organization data (configurations, ACL policies) from where it is kept, cached. Never
 * blocks the caller.
 *
 * @param <V> what is kept per organization
 */
public interface OrgDirectory<V> {
  /**
   * What is kept for {@code org}, or empty when there is nothing (no such organization). Fails the
   * stage (with {@link DirectoryUnavailableException}) when the source cannot be reached and
   * nothing usable is cached.
   */
  CompletionStage<Optional<V>> find(OrgId org);

  /** What is cached for {@code org}, without loading anything. */
  Optional<V> cached(OrgId org);

  /** Forgets what is cached for {@code org}: it changed. */
  void invalidate(OrgId org);
}
