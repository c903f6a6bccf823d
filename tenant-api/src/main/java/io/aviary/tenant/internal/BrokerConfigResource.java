package io.aviary.tenant.internal;

import io.aviary.tenant.auth.TokenIssuer;
import io.aviary.tenant.auth.WellKnownResource;
import io.aviary.tenant.ca.CaService;
import io.aviary.tenant.ca.OrgCa;
import io.aviary.tenant.ca.Revocation;
import io.aviary.tenant.config.TenantConfig;
import io.aviary.tenant.idp.IdpConnectionEntity;
import io.aviary.tenant.org.OrgService;
import io.aviary.tenant.org.Organization;
import io.aviary.tenant.serviceaccount.ServiceAccount;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The internal API: per-organization broker configuration, platform-token facts, and the audit
 * pipeline's retention list.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Broker-facing API; internal bearer token")
@SecurityRequirement(name = "internal")
public class BrokerConfigResource {

  private final OrgService orgs;
  private final TenantConfig config;
  private final EntityManager em;

  public BrokerConfigResource(OrgService orgs, TenantConfig config, EntityManager em) {
    this.orgs = orgs;
    this.config = config;
    this.em = em;
  }

  @GET
  @Path("/orgs/{org}/broker-config")
  @Transactional
  @Operation(
      summary = "Everything a broker needs for one organization (includes IdP secrets)",
      description =
          "Refetch after every change-feed event for the organization; 404 for an unknown"
              + " organization.")
  public BrokerConfig brokerConfig(@PathParam("org") String orgId) {
    // One snapshot for all reads, so version and content always agree.
    em.createNativeQuery("set transaction isolation level repeatable read, read only")
        .executeUpdate();
    Organization org = orgs.get(orgId);
    List<BrokerConfig.Idp> idps =
        IdpConnectionEntity.ofOrg(orgId).stream().map(BrokerConfigResource::idp).toList();
    OrgCa ca = OrgCa.findById(orgId);
    List<String> caPems = ca == null ? List.of() : CaService.stored(ca).pemBlocks();
    List<String> revoked = Revocation.ofOrg(orgId).stream().map(r -> r.serial).toList();
    List<String> accounts = ServiceAccount.ofOrg(orgId).stream().map(sa -> sa.id).toList();
    return new BrokerConfig(
        org.id,
        org.mountpoint,
        org.status,
        org.version,
        idps,
        caPems,
        revoked,
        accounts,
        org.quotas(),
        org.auditSettings());
  }

  @GET
  @Path("/platform")
  @Operation(summary = "Issuer, JWKS URL and MQTT audience of platform credentials")
  public PlatformInfo platform() {
    return new PlatformInfo(
        config.platform().issuer(), WellKnownResource.jwksUri(config), TokenIssuer.MQTT_AUDIENCE);
  }

  @GET
  @Path("/audit/retention")
  @Transactional
  @Operation(
      summary = "Every organization's audit retention, for the audit pipeline",
      description =
          "`{default_retention_days, orgs: [{org_id, retention_days}]}`, every organization in"
              + " org_id order; default_retention_days applies to events of organizations not"
              + " listed.")
  public AuditRetention auditRetention() {
    List<AuditRetention.OrgRetention> retentions =
        em.createQuery(
                "select o.id, o.auditRetentionDays from Organization o order by o.id",
                AuditRetention.OrgRetention.class)
            .getResultList();
    return new AuditRetention(orgs.defaultRetentionDays(), retentions);
  }

  private static BrokerConfig.Idp idp(IdpConnectionEntity e) {
    return new BrokerConfig.Idp(
        e.id,
        e.name,
        e.preset,
        e.issuers,
        e.audiences,
        e.algorithms,
        e.discoveryUrl,
        e.jwksUrl,
        e.hs256Secret == null
            ? null
            : Base64.getUrlEncoder().withoutPadding().encodeToString(e.hs256Secret),
        e.claimMappings,
        e.requiredClaims,
        e.authorizedParties,
        e.acceptedTypes,
        e.clockSkewSeconds,
        e.enabled);
  }
}
