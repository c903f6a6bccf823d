package io.aviary.tenant.internal;

import io.aviary.tenant.config.TenantConfig;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit pipeline's view of tenant-api: per-organization retention. */
@Path("/internal/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Broker-facing API; internal bearer token")
@SecurityRequirement(name = "internal")
public class AuditRetentionResource {

  private final TenantConfig config;
  private final EntityManager em;

  public AuditRetentionResource(TenantConfig config, EntityManager em) {
    this.config = config;
    this.em = em;
  }

  @GET
  @Path("/retention")
  @Transactional
  @Operation(
      summary = "Every organization's audit retention, for the audit pipeline",
      description =
          "`{default_retention_days, orgs: [{org_id, retention_days}]}`, every organization in"
              + " org_id order; default_retention_days applies to events of organizations not"
              + " listed.")
  public AuditRetention retention() {
    List<Object[]> rows =
        em.createQuery(
                "select o.id, o.auditRetentionDays from Organization o order by o.id",
                Object[].class)
            .getResultList();
    return new AuditRetention(
        config.audit().defaultRetentionDays(),
        rows.stream()
            .map(r -> new AuditRetention.OrgRetention((String) r[0], ((Number) r[1]).intValue()))
            .toList());
  }
}
