package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Port: where organizations' configurations come from. Never blocks the caller. */
public interface OrgDirectory {
  /**
   * The configuration of {@code org}, or empty when no such organization exists. Fails the stage
   * (with {@link DirectoryUnavailableException}) when the source cannot be reached and nothing
   * usable is cached.
   */
  CompletionStage<Optional<OrgConfig>> find(OrgId org);

  /** What is cached for {@code org}, without loading anything. */
  Optional<OrgConfig> cached(OrgId org);

  /** Forgets what is cached for {@code org}: its configuration changed. */
  void invalidate(OrgId org);
}
