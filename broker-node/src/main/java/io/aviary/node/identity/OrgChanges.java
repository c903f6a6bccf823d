package io.aviary.node.identity;

import io.aviary.broker.auth.ConnectRequest;
import io.aviary.broker.auth.Identity;
import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.CertificateVerifier;
import io.aviary.identity.IdpConnection;
import io.aviary.identity.KeySetCache;
import io.aviary.identity.Verification;
import io.aviary.node.connection.ConnectionTracker;
import io.aviary.node.tenant.Tenants;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies a change to an organization's configuration: drops what is cached, loads it again, and
 * ends the live sessions that depended on something now gone (a removed or disabled IdP, a revoked
 * certificate or a removed CA, a deleted or suspended organization).
 */
public final class OrgChanges {
  private static final Logger LOG = Logger.getLogger(OrgChanges.class);

  private final OrgDirectory<OrgConfig> directory;
  private final KeySetCache idpKeys;
  private final ConnectionTracker connections;
  private final CertificateVerifier certificates;
  private final Tenants tenants;

  public OrgChanges(
      OrgDirectory<OrgConfig> directory,
      KeySetCache idpKeys,
      ConnectionTracker connections,
      CertificateVerifier certificates,
      Tenants tenants) {
    this.directory = directory;
    this.idpKeys = idpKeys;
    this.connections = connections;
    this.certificates = certificates;
    this.tenants = tenants;
  }

  /** {@code org}'s configuration changed; {@code kind} is for the log. */
  public void changed(OrgId org, String kind) {
    LOG.debugf("configuration of %s changed (%s)", org, kind);
    // Keys are cached per IdP connection: a changed JWKS location must not keep serving old keys.
    directory.cached(org).ifPresent(old -> old.idps().forEach(idp -> idpKeys.invalidate(idp.id())));
    directory.invalidate(org);
    if (tenants.liveConnections(org) == 0) {
      return; // nothing to re-check; the next CONNECT loads the new configuration
    }
    directory
        .find(org)
        .whenComplete(
            (config, error) -> {
              if (error != null) {
                // Without the new configuration nothing can be decided; the next event or the
                // cache TTL brings it.
                LOG.warnf("cannot reload %s after a change: %s", org, error.getMessage());
                return;
              }
              config.ifPresent(c -> tenants.of(org).apply(c));
              connections.recheck(org, (identity, request) -> refusal(config, identity, request));
            });
  }

  /** Why a live session may no longer stay under {@code config}, or empty when it may. */
  Optional<String> refusal(Optional<OrgConfig> config, Identity identity, ConnectRequest request) {
    if (config.isEmpty() || !config.get().active()) {
      return Optional.of("the organization was deleted or suspended");
    }
    OrgConfig org = config.get();
    String credential = identity.credential();
    if (credential.equals(CertificateVerifier.CREDENTIAL)) {
      Verification v = certificates.verify(request.clientCertificates(), org.trust());
      return v instanceof Verification.Refused refused
          ? Optional.of("the client certificate is no longer accepted: " + refused.reason().code())
          : Optional.empty();
    }
    if (credential.equals(PlatformCredentials.CONNECTION_ID)) {
      return org.serviceAccounts().contains(identity.principal())
          ? Optional.empty()
          : Optional.of("service account " + identity.principal() + " was deleted");
    }
    Optional<IdpConnection> idp = org.idp(credential);
    return idp.isPresent()
        ? Optional.empty()
        : Optional.of("identity provider " + credential + " was removed or disabled");
  }
}
