package io.aviary.node.acl;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.connection.ConnectionTracker;
import io.aviary.node.identity.OrgDirectory;
import io.aviary.node.tenant.Tenants;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Where sessions get their organization's ACL policy, and how a newly activated policy reaches the
 * live sessions: each is re-bound on its own event loop, so later decisions use the new version at
 * once, and subscriptions the new version no longer allows are removed. No client reconnects.
 */
public final class Acls {
  private static final Logger LOG = Logger.getLogger(Acls.class);

  private final OrgDirectory<OrgPolicy> directory;
  private final OrgPolicy fixed;
  private final ConnectionTracker connections;
  private final Tenants tenants;

  private Acls(
      OrgDirectory<OrgPolicy> directory,
      OrgPolicy fixed,
      ConnectionTracker connections,
      Tenants tenants) {
    this.directory = directory;
    this.fixed = fixed;
    this.connections = connections;
    this.tenants = tenants;
  }

  /**
   * Policies from {@code directory}; an organization it has none for is deny-all ({@link
   * OrgPolicy#BLANK}).
   */
  public static Acls from(
      OrgDirectory<OrgPolicy> directory, ConnectionTracker connections, Tenants tenants) {
    return new Acls(directory, null, connections, tenants);
  }

  /** The same policy for every organization: Blank without a policy source, Permit All in tests. */
  public static Acls fixed(OrgPolicy policy, ConnectionTracker connections, Tenants tenants) {
    return new Acls(null, policy, connections, tenants);
  }

  /**
   * The active policy of {@code org}. Fails (the CONNECT is then refused as server unavailable)
   * only when the source cannot be reached and nothing usable is cached.
   */
  public CompletionStage<OrgPolicy> policy(OrgId org) {
    if (directory == null) {
      return CompletableFuture.completedFuture(fixed);
    }
    return directory.find(org).thenApply(p -> p.orElse(OrgPolicy.BLANK));
  }

  /** {@code org} activated another policy version: reload it and re-bind its live sessions. */
  public void changed(OrgId org, String kind) {
    if (directory == null) {
      return;
    }
    LOG.debugf("ACL policy of %s changed (%s)", org, kind);
    directory.invalidate(org);
    if (tenants.liveConnections(org) == 0) {
      return; // the next CONNECT loads the new version; resumed sessions are re-checked then
    }
    policy(org)
        .whenComplete(
            (policy, error) -> {
              if (error != null) {
                LOG.warnf("cannot reload the ACL policy of %s: %s", org, error.getMessage());
                return;
              }
              connections.policyChanged(org, policy);
            });
  }
}
