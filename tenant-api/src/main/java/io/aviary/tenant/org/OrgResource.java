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

/** One organization: its description, endpoints and quotas. */
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
  @Operation(summary = "The organization, its mountpoint, endpoints and quotas")
  public OrgView get(@PathParam("org") String orgId) {
    Organization org = orgs.get(orgId);
    return new OrgView(
        org.id,
        org.name,
        org.mountpoint,
        org.status,
        new OrgView.Endpoints(config.endpoints().mqtts(), config.endpoints().wss()),
        org.quotas(),
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
}
