package io.aviary.tenant.internal;

import io.aviary.tenant.org.AuditSettings;
import io.aviary.tenant.org.Quotas;
import java.util.List;
import java.util.Map;

/**
 * Everything a broker needs to serve one organization. Internal only: it carries IdP secrets.
 *
 * @param orgId the organization
 * @param mountpoint topic prefix of the organization
 * @param status {@code active} or {@code suspended}
 * @param version bumped by every change that produces a change-feed event
 * @param idps every IdP connection, enabled or not, with HS256 secrets
 * @param caCertificates PEM CA certificates for client certificates (empty: no mTLS)
 * @param revokedSerials revoked client-certificate serials, lower-case hex
 * @param serviceAccounts ids of live service accounts; platform credentials of others are refused
 * @param quotas the organization's limits
 * @param audit how allowed publishes are recorded ({@code allowed_publishes}, {@code sample_rate})
 *     and the retention of the organization's events ({@code retention_days})
 */
public record BrokerConfig(
    String orgId,
    String mountpoint,
    String status,
    long version,
    List<Idp> idps,
    List<String> caCertificates,
    List<String> revokedSerials,
    List<String> serviceAccounts,
    Quotas quotas,
    AuditSettings audit) {

  /**
   * One IdP connection, every field included.
   *
   * @param hs256Secret the HS256 secret, base64url without padding, or null
   */
  public record Idp(
      String id,
      String name,
      String preset,
      List<String> issuers,
      List<String> audiences,
      List<String> algorithms,
      String discoveryUrl,
      String jwksUrl,
      String hs256Secret,
      Map<String, String> claimMappings,
      Map<String, List<String>> requiredClaims,
      List<String> authorizedParties,
      List<String> acceptedTypes,
      int clockSkewSeconds,
      boolean enabled) {

    @Override
    public String toString() {
      return "Idp[" + id + ", issuers=" + issuers + "]";
    }
  }
}
