package io.aviary.tenant.apikey;

import io.aviary.service.auth.Caller;
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
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API keys: long-lived secrets that scripts exchange for access tokens. */
@Path("/api/v1/orgs/{org}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@SecurityRequirement(name = "platform")
@Tag(name = "api-keys")
public class ApiKeyResource {

  private final ApiKeyService keys;
  private final OrgService orgs;
  private final JsonWebToken jwt;

  public ApiKeyResource(ApiKeyService keys, OrgService orgs, JsonWebToken jwt) {
    this.keys = keys;
    this.orgs = orgs;
    this.jwt = jwt;
  }

  @POST
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ApiKeyView.class)))
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create an API key (admin); the response shows the key once",
      description = "Exchange it at POST /api/v1/auth/token with {\"api_key\": ...}.")
  public Response create(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") CreateApiKeyRequest body) {
    orgs.get(orgId);
    Role role = body.role() == null ? Role.ADMIN : Role.fromCode(body.role());
    ApiKeyService.Created created = keys.create(orgId, body.name(), role, Caller.of(jwt));
    return Response.created(URI.create("/api/v1/orgs/" + orgId + "/api-keys/" + created.key().id))
        .entity(ApiKeyView.of(created.key(), created.token().reveal()))
        .build();
  }

  @GET
  @Operation(summary = "List API keys (never their secrets)")
  public List<ApiKeyView> list(@PathParam("org") String orgId) {
    orgs.get(orgId);
    return ApiKey.ofOrg(orgId).stream().map(k -> ApiKeyView.of(k, null)).toList();
  }

  @DELETE
  @APIResponse(responseCode = "204", description = "Done")
  @Path("/{id}")
  @Operation(summary = "Revoke an API key (admin)")
  public Response revoke(@PathParam("org") String orgId, @PathParam("id") String id) {
    keys.revoke(orgId, id, Caller.of(jwt));
    return Response.noContent().build();
  }
}
