package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.ClientCaTrust;
import io.aviary.identity.IdpConnection;
import io.aviary.node.audit.PublishRecording;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the broker needs to know about one organization: whether it may connect, the identity
 * providers and client-certificate CAs it trusts, and its quotas. Loaded from tenant-api (or a
 * directory of files) and cached per organization.
 *
 * @param org the organization
 * @param active false when the organization is suspended: nobody connects
 * @param version tenant-api's configuration version, for logs
 * @param idps its identity provider connections
 * @param trust its client-certificate CAs and revocations
 * @param serviceAccounts the ids of its service accounts: platform credentials of any other subject
 *     (a deleted account) are refused
 * @param quotas its limits
 * @param publishRecording how it records allowed publishes, or null for the node's default
 */
public record OrgConfig(
    OrgId org,
    boolean active,
    long version,
    List<IdpConnection> idps,
    ClientCaTrust trust,
    Set<String> serviceAccounts,
    Quotas quotas,
    PublishRecording publishRecording) {

  public OrgConfig {
    idps = List.copyOf(idps);
    serviceAccounts = Set.copyOf(serviceAccounts);
  }

  /** The enabled connection with {@code id}, if any. */
  public Optional<IdpConnection> idp(String id) {
    return idps.stream().filter(c -> c.id().equals(id) && c.enabled()).findFirst();
  }

  /**
   * Per-organization limits.
   *
   * @param maxConnections concurrent connections on this node; 0 for no limit
   * @param maxMessagesPerSecond publish rate; 0 for no limit
   * @param maxSubscriptions subscriptions; 0 for no limit
   */
  public record Quotas(int maxConnections, int maxMessagesPerSecond, int maxSubscriptions) {
    public static final Quotas NONE = new Quotas(0, 0, 0);
  }
}
