package io.aviary.tenant.org;

import io.aviary.service.audit.Actor;
import io.aviary.service.auth.Caller;
import io.aviary.service.auth.Role;
import io.aviary.tenant.config.TenantConfig;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An organization's open invitations of console users. */
@Path("/api/v1/orgs/{org}/invitations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "members")
public class InvitationResource {

  private final InvitationService invitations;
  private final InvitationMail mail;
  private final TenantConfig config;
  private final JsonWebToken jwt;

  public InvitationResource(
      InvitationService invitations, InvitationMail mail, TenantConfig config, JsonWebToken jwt) {
    this.invitations = invitations;
    this.mail = mail;
    this.config = config;
    this.jwt = jwt;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Invite a console user by email (admin)",
      description =
          "Answers with the link to pass on, `accept_url`, shown only here; with"
              + " aviary.invitations.email on, Aviary also emails it (`emailed`). The link works"
              + " once, until `expires_at`. Inviting an address again replaces its open"
              + " invitation; an address that has an account is a 409 `email_taken`.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = InvitationCreated.class)))
  @APIResponse(responseCode = "409", description = "The address has an account already")
  public Response invite(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") InviteRequest body) {
    Role role = body.role() == null ? Role.MEMBER : Role.fromCode(body.role());
    InvitationService.Issued issued =
        invitations.invite(orgId, body.email(), role, Actor.of(Caller.of(jwt)));
    String link = link(issued.token());
    boolean emailed = mail.send(issued, link);
    Invitation i = issued.invitation();
    return Response.created(URI.create("/api/v1/orgs/" + orgId + "/invitations/" + i.id))
        .entity(new InvitationCreated(i.id, i.email, i.role, i.expiresAt, link, emailed))
        .build();
  }

  @GET
  @Operation(summary = "Open invitations, expired ones included, oldest first")
  public List<InvitationView> list(@PathParam("org") String orgId) {
    Instant now = Instant.now();
    return invitations.list(orgId).stream().map(i -> InvitationView.of(i, now)).toList();
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  @APIResponse(responseCode = "204", description = "Revoked")
  @Operation(summary = "Revoke an invitation (admin): its link stops working")
  public Response revoke(@PathParam("org") String orgId, @PathParam("id") String id) {
    invitations.revoke(orgId, id);
    return Response.noContent().build();
  }

  private String link(String token) {
    String console = config.invitations().consoleUrl();
    return (console.endsWith("/") ? console.substring(0, console.length() - 1) : console)
        + "/invite#"
        + token;
  }
}
