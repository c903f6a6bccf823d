package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Fetches one organization's configuration from where it is kept; no caching. */
public interface OrgConfigSource {
  /** The configuration, empty when the organization does not exist; fails when unreachable. */
  CompletionStage<Optional<OrgConfig>> fetch(OrgId org);
}
