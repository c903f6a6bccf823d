package io.aviary.tenant.org;

import io.aviary.service.auth.Role;
import io.aviary.tenant.config.TenantConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One organization: its description, endpoints, quotas and audit settings. */
@Path("/api/v1/orgs/{org}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "organizations")
public class OrgResource {

  private final OrgService orgs;
  private final TenantConfig config;

  public OrgResource(OrgService orgs, TenantConfig config) {
    this.orgs = orgs;
    this.config = config;
  }

  @GET
  @Operation(summary = "The organization, its mountpoint, endpoints, quotas and audit settings")
  public OrgView get(@PathParam("org") String orgId) {
    Organization org = orgs.get(orgId);
    return new OrgView(
        org.id,
        org.name,
        org.mountpoint,
        org.status,
        new OrgView.Endpoints(config.endpoints().mqtts(), config.endpoints().wss()),
        org.quotas(),
        org.auditSettings(),
        org.createdAt);
  }

  @GET
  @Path("/quotas")
  @Operation(summary = "The organization's quotas")
  public Quotas quotas(@PathParam("org") String orgId) {
    return orgs.get(orgId).quotas();
  }

  @PUT
  @Path("/quotas")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Set the organization's quotas (admin; each at most the platform ceiling)",
      description = "Brokers are told through the change feed (quota_changed).")
  public Quotas setQuotas(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") Quotas body) {
    return orgs.setQuotas(orgId, body).quotas();
  }

  @GET
  @Path("/audit-settings")
  @Operation(summary = "The organization's audit settings")
  public AuditSettings auditSettings(@PathParam("org") String orgId) {
    return orgs.get(orgId).auditSettings();
  }

  @PUT
  @Path("/audit-settings")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Set the organization's audit settings (admin)",
      description =
          "allowed_publishes (all, sampled or none) and sample_rate (0 to 1) say which allowed"
              + " publishes brokers record; every other event is always recorded. retention_days"
              + " (1 to the platform maximum, at most 3650) is how long the audit store keeps the"
              + " organization's events. Brokers are told through the change feed"
              + " (audit_settings_changed).")
  public AuditSettings setAuditSettings(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") AuditSettings body) {
    return orgs.setAuditSettings(orgId, body).auditSettings();
  }
}
