package io.aviary.tenant.serviceaccount;

import io.aviary.service.auth.Role;
import io.aviary.tenant.org.OrgService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service accounts: MQTT identities for machines, with short-lived platform credentials. */
@Path("/api/v1/orgs/{org}/service-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "service-accounts")
public class ServiceAccountResource {

  private final ServiceAccountService accounts;
  private final OrgService orgs;

  public ServiceAccountResource(ServiceAccountService accounts, OrgService orgs) {
    this.accounts = accounts;
    this.orgs = orgs;
  }

  @POST
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ServiceAccountView.class)))
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Create a service account (admin)")
  public Response create(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") CreateServiceAccountRequest body) {
    orgs.get(orgId);
    ServiceAccount sa = accounts.create(orgId, body.name(), body.description());
    return Response.created(URI.create("/api/v1/orgs/" + orgId + "/service-accounts/" + sa.id))
        .entity(ServiceAccountView.of(sa))
        .build();
  }

  @GET
  @Operation(summary = "List service accounts")
  public List<ServiceAccountView> list(@PathParam("org") String orgId) {
    orgs.get(orgId);
    return ServiceAccount.ofOrg(orgId).stream().map(ServiceAccountView::of).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One service account")
  public ServiceAccountView get(@PathParam("org") String orgId, @PathParam("id") String id) {
    return ServiceAccountView.of(accounts.get(orgId, id));
  }

  @DELETE
  @APIResponse(responseCode = "204", description = "Done")
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Delete a service account (admin)",
      description = "Brokers learn it through the change feed and refuse its credentials.")
  public Response delete(@PathParam("org") String orgId, @PathParam("id") String id) {
    accounts.delete(orgId, id);
    return Response.noContent().build();
  }

  @POST
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = CredentialView.class)))
  @Path("/{id}/credentials")
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Issue an MQTT credential (admin)",
      description =
          "Returns username <sa_id>@<org_id> and a password that is a platform JWT with"
              + " aud=aviary-mqtt, sub=<sa_id>, org_id, token_use=mqtt. The body is optional;"
              + " ttl_seconds defaults to 3600 and is at most 86400 outside dev mode.")
  public Response credentials(
      @PathParam("org") String orgId, @PathParam("id") String id, @Valid CredentialRequest body) {
    Duration ttl =
        body == null || body.ttlSeconds() == null ? null : Duration.ofSeconds(body.ttlSeconds());
    CredentialView credential = accounts.issue(orgId, id, ttl);
    return Response.status(Response.Status.CREATED).entity(credential).build();
  }
}
