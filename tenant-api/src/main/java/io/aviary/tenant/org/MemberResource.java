package io.aviary.tenant.org;

import io.aviary.service.audit.Actor;
import io.aviary.service.auth.Caller;
import io.aviary.service.auth.Role;
import io.aviary.tenant.secret.PasswordHasher;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** The console users of an organization. */
@Path("/api/v1/orgs/{org}/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@SecurityRequirement(name = "platform")
@Tag(name = "members")
public class MemberResource {

  private final OrgService orgs;
  private final PasswordHasher hasher;
  private final JsonWebToken jwt;

  public MemberResource(OrgService orgs, PasswordHasher hasher, JsonWebToken jwt) {
    this.orgs = orgs;
    this.hasher = hasher;
    this.jwt = jwt;
  }

  @GET
  @Operation(summary = "List the organization's console users")
  public List<MemberView> list(@PathParam("org") String orgId) {
    orgs.get(orgId);
    return ConsoleUser.ofOrg(orgId).stream().map(MemberView::of).toList();
  }

  @POST
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = MemberView.class)))
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(summary = "Add a console user with an initial password (admin)")
  public Response add(
      @PathParam("org") String orgId,
      @Valid @NotNull(message = "a JSON body is required") AddMemberRequest body) {
    Role role = body.role() == null ? Role.MEMBER : Role.fromCode(body.role());
    ConsoleUser user =
        orgs.addMember(
            orgId, body.email(), hasher.hash(body.password()), role, Actor.of(Caller.of(jwt)));
    return Response.created(URI.create("/api/v1/orgs/" + orgId + "/members/" + user.id))
        .entity(MemberView.of(user))
        .build();
  }
}
