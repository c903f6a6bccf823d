package io.aviary.tenant.ca;

import io.aviary.service.auth.Role;
import io.aviary.tenant.org.OrgService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Revoked client certificates: brokers refuse them at the TLS handshake's identity check. */
@Path("/api/v1/orgs/{org}/certificates/revocations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "certificates")
public class RevocationResource {

  private final CaService cas;
  private final OrgService orgs;

  public RevocationResource(CaService cas, OrgService orgs) {
    this.cas = cas;
    this.orgs = orgs;
  }

  @GET
  @Operation(summary = "List revoked certificates, newest first")
  public List<RevocationView> list(@PathParam("org") String orgId) {
    orgs.get(orgId);
    return Revocation.ofOrg(orgId).stream().map(RevocationView::of).toList();
  }

  @POST
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = RevocationView.class)))
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Revoke a client certificate by serial number (admin)")
  public Response revoke(
      @PathParam("org") String orgId,
      @NotNull(message = "a JSON body is required") RevocationRequest body) {
    orgs.get(orgId);
    Revocation r = cas.revoke(orgId, body);
    return Response.created(
            URI.create("/api/v1/orgs/" + orgId + "/certificates/revocations/" + r.serial))
        .entity(RevocationView.of(r))
        .build();
  }

  @DELETE
  @APIResponse(responseCode = "204", description = "Done")
  @Path("/{serial}")
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Withdraw a revocation (admin)")
  public Response unrevoke(@PathParam("org") String orgId, @PathParam("serial") String serial) {
    cas.unrevoke(orgId, serial);
    return Response.noContent().build();
  }
}
