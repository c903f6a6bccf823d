package io.aviary.tenant.ca;

import io.aviary.service.auth.Role;
import io.aviary.tenant.org.OrgService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bring-your-own CA: the certificates that sign an organization's client certificates. */
@Path("/api/v1/orgs/{org}/ca")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "certificates")
public class CaResource {

  /** Media type of a raw PEM upload. */
  public static final String PEM = "application/x-pem-file";

  private final CaService cas;
  private final OrgService orgs;

  public CaResource(CaService cas, OrgService orgs) {
    this.cas = cas;
    this.orgs = orgs;
  }

  @GET
  @Operation(summary = "The organization CA: certificates, fingerprints, expiry")
  public CaView get(@PathParam("org") String orgId) {
    orgs.get(orgId);
    return cas.get(orgId);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Set the organization CA from {\"pem\": ...} (admin)",
      description =
          "1 to 10 PEM CERTIFICATE blocks, no duplicates, each a CA certificate"
              + " (basicConstraints CA:TRUE, keyCertSign when keyUsage is present) valid now, RSA"
              + " keys of at least 2048 bits; private keys are refused. A refusal is a 400 whose"
              + " error points at /pem.")
  public CaView put(
      @PathParam("org") String orgId,
      @NotNull(message = "a JSON body is required") CaRequest body) {
    orgs.get(orgId);
    return cas.set(orgId, body.pem(), "/pem");
  }

  @PUT
  @Consumes({PEM, MediaType.TEXT_PLAIN})
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Set the organization CA from a raw PEM body (admin)")
  public CaView putPem(@PathParam("org") String orgId, String pem) {
    orgs.get(orgId);
    return cas.set(orgId, pem, "");
  }

  @DELETE
  @APIResponse(responseCode = "204", description = "Done")
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Remove the organization CA (admin)")
  public Response delete(@PathParam("org") String orgId) {
    cas.remove(orgId);
    return Response.noContent().build();
  }
}
