package io.aviary.tenant.idp;

import io.aviary.identity.ConnectionProbe;
import io.aviary.identity.IdpConnection;
import io.aviary.identity.ProbeReport;
import io.aviary.identity.TokenVerifier;
import io.aviary.identity.Verification;
import io.aviary.service.audit.Actor;
import io.aviary.service.auth.Caller;
import io.aviary.service.auth.Role;
import io.aviary.service.problem.ProblemException;
import io.aviary.tenant.org.OrgService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The identity providers an organization trusts. */
@Path("/api/v1/orgs/{org}/idps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "idps")
public class IdpResource {

  private final IdpService idps;
  private final OrgService orgs;
  private final ConnectionProbe probe;
  private final TokenVerifier verifier;
  private final JsonWebToken jwt;

  public IdpResource(
      IdpService idps,
      OrgService orgs,
      ConnectionProbe probe,
      TokenVerifier verifier,
      JsonWebToken jwt) {
    this.idps = idps;
    this.orgs = orgs;
    this.probe = probe;
    this.verifier = verifier;
    this.jwt = jwt;
  }

  @GET
  @Operation(summary = "List IdP connections")
  public List<IdpView> list(@PathParam("org") String orgId) {
    orgs.get(orgId);
    return IdpConnectionEntity.ofOrg(orgId).stream().map(IdpView::of).toList();
  }

  @POST
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = IdpView.class)))
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Create an IdP connection (admin)",
      description =
          "With inputs, the preset builds the connection from them (see GET"
              + " /api/v1/idp-presets for each preset's inputs) and every other field given"
              + " overrides what the preset filled in; an input the preset refuses is a 400 with"
              + " the pointer /inputs/<field>. Without inputs, the fields are the connection:"
              + " algorithms default to RS256, and without discovery_url and jwks_url the"
              + " discovery document under the first issuer is used. name defaults to the"
              + " preset's display name. URLs must be https outside dev mode.")
  public Response create(
      @PathParam("org") String orgId,
      @NotNull(message = "a JSON body is required") IdpRequest body) {
    orgs.get(orgId);
    IdpConnectionEntity e = idps.create(orgId, body, actor());
    return Response.created(URI.create("/api/v1/orgs/" + orgId + "/idps/" + e.id))
        .entity(IdpView.of(e))
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One IdP connection")
  public IdpView get(@PathParam("org") String orgId, @PathParam("id") String id) {
    return IdpView.of(idps.get(orgId, id));
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Replace an IdP connection (admin)",
      description =
          "The same body as for creation, inputs included. Leaving out hs256_secret keeps the"
              + " stored secret.")
  public IdpView update(
      @PathParam("org") String orgId,
      @PathParam("id") String id,
      @NotNull(message = "a JSON body is required") IdpRequest body) {
    return IdpView.of(idps.update(orgId, id, body, actor()));
  }

  @DELETE
  @APIResponse(responseCode = "204", description = "Done")
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Delete an IdP connection (admin)")
  public Response delete(@PathParam("org") String orgId, @PathParam("id") String id) {
    idps.delete(orgId, id, actor());
    return Response.noContent().build();
  }

  @POST
  @Path("/{id}/test")
  @Blocking
  @Operation(
      summary = "Test an IdP connection: discovery, keys, algorithms",
      description =
          "Fetches the connection's discovery document and JWK Set the way a broker does (https"
              + " only outside dev mode, no redirects, bounded time and size; nothing is cached)"
              + " and reports what it found: the declared issuer, where the keys are, every key"
              + " with whether it is usable, the advertised algorithms, and problems as sentences."
              + " A broken IdP is a result (ok: false), not an error.")
  public CompletionStage<ProbeReport> test(
      @PathParam("org") String orgId, @PathParam("id") String id) {
    return probe.probe(idps.get(orgId, id).connection());
  }

  @POST
  @Path("/test-token")
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Check a sample token as a broker would",
      description =
          "Verifies the token against the connection idp_id, or, without it, against the"
              + " organization's enabled connections chosen by the token's issuer (and audience),"
              + " exactly as a broker checks an MQTT password. A refused token is a result"
              + " (verified: false with a closed-set reason and a sentence), not an error. The"
              + " bindings are those a broker derives, plus org_id; username and client_id come"
              + " from the MQTT CONNECT packet and cannot be known here. The token is never"
              + " logged or returned.")
  public CompletionStage<TokenTestResult> testToken(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") TestTokenRequest body) {
    orgs.get(orgId);
    CompletableFuture<Verification> verification;
    if (body.idpId() == null) {
      verification = verifier.verify(body.token(), idps.connections(orgId));
    } else {
      IdpConnection connection =
          idps.find(orgId, body.idpId())
              .map(IdpConnectionEntity::connection)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          "idp_id", "is not an IdP connection of this organization"));
      verification = verifier.verify(body.token(), connection);
    }
    return verification.thenApply(v -> TokenTestResult.of(orgId, v));
  }

  private String actor() {
    return Actor.of(Caller.of(jwt));
  }
}
