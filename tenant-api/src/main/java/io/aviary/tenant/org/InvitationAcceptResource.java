package io.aviary.tenant.org;

import io.aviary.tenant.auth.IssuedToken;
import io.aviary.tenant.auth.TokenIssuer;
import io.aviary.tenant.auth.TokenResource;
import io.aviary.tenant.oidc.OidcSignInService;
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

/**
 * The holder's side of an invitation, without an account yet: the token of the link is the
 * credential. It travels in request bodies, never in a path or query that logs would keep.
 */
@Path("/api/v1/invitations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "members")
public class InvitationAcceptResource {

  private final InvitationService invitations;
  private final PasswordHasher hasher;
  private final TokenIssuer tokens;
  private final OidcSignInService signIns;

  public InvitationAcceptResource(
      InvitationService invitations,
      PasswordHasher hasher,
      TokenIssuer tokens,
      OidcSignInService signIns) {
    this.invitations = invitations;
    this.hasher = hasher;
    this.tokens = tokens;
    this.signIns = signIns;
  }

  @POST
  @Path("/lookup")
  @Operation(summary = "What an invitation link offers: organization, email address and role")
  @APIResponse(
      responseCode = "200",
      description = "The invitation",
      content = @Content(schema = @Schema(implementation = InvitationDetails.class)))
  @APIResponse(responseCode = "404", description = "`invitation_invalid`: used, revoked, expired")
  public InvitationDetails lookup(
      @Valid @NotNull(message = "a JSON body is required") InvitationTokenRequest body) {
    return invitations.details(body.token());
  }

  @POST
  @Path("/accept")
  @Operation(
      summary = "Accept an invitation: become the member it names, with a password",
      description =
          "Answers like sign-up, with an access token. The link stops working; the inviter is"
              + " the actor of the `member_added` audit event.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = SignupResponse.class)))
  @APIResponse(responseCode = "404", description = "`invitation_invalid`: used, revoked, expired")
  @APIResponse(responseCode = "409", description = "The address got an account meanwhile")
  @APIResponse(
      responseCode = "403",
      description =
          "`password_login_disabled`: accept by signing in through the OIDC provider instead")
  public Response accept(
      @Valid @NotNull(message = "a JSON body is required") AcceptInvitationRequest body) {
    if (!signIns.passwordLogin()) {
      throw TokenResource.passwordLoginDisabled();
    }
    // A password hash costs; a link that offers nothing does not get one.
    invitations.check(body.token());
    ConsoleUser user = invitations.accept(body.token(), hasher.hash(body.password()));
    IssuedToken token = tokens.accessToken(user);
    return Response.created(URI.create("/api/v1/orgs/" + user.orgId + "/members/" + user.id))
        .entity(new SignupResponse(user.orgId, user.id, token.token(), "Bearer", token.expiresIn()))
        .build();
  }
}
