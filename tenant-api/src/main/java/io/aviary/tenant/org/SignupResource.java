package io.aviary.tenant.org;

import io.aviary.tenant.auth.IssuedToken;
import io.aviary.tenant.auth.TokenIssuer;
import io.aviary.tenant.metrics.TenantMetrics;
import io.aviary.tenant.secret.PasswordHasher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-up: creates an organization and its first admin. */
@Path("/api/v1/signup")
@Tag(name = "organizations")
public class SignupResource {

  private final OrgService orgs;
  private final PasswordHasher hasher;
  private final TokenIssuer tokens;
  private final TenantMetrics metrics;

  public SignupResource(
      OrgService orgs, PasswordHasher hasher, TokenIssuer tokens, TenantMetrics metrics) {
    this.orgs = orgs;
    this.hasher = hasher;
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an organization and its first admin; returns an access token")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = SignupResponse.class)))
  @APIResponse(responseCode = "400", description = "Invalid input (problem with pointers)")
  @APIResponse(responseCode = "409", description = "The email address is already registered")
  public Response signup(@Valid @NotNull(message = "a JSON body is required") SignupRequest body) {
    String hash = hasher.hash(body.password());
    OrgService.Created created = orgs.create(body.organizationName(), body.email(), hash);
    metrics.signedUp();
    IssuedToken token = tokens.accessToken(created.admin());
    return Response.created(URI.create("/api/v1/orgs/" + created.org().id))
        .entity(
            new SignupResponse(
                created.org().id, created.admin().id, token.token(), "Bearer", token.expiresIn()))
        .build();
  }
}
