package io.aviary.tenant.oidc;

import io.aviary.tenant.auth.TokenResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Console sign-in through the platform's OIDC provider (docs/adr/0006). The console's edge calls
 * both steps and binds them to one browser; the code and state travel in bodies, never in a path or
 * query that logs would keep.
 */
@Path("/api/v1/auth/oidc")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class OidcResource {

  private final OidcSignInService signIns;

  public OidcResource(OidcSignInService signIns) {
    this.signIns = signIns;
  }

  /**
   * Body of {@code POST /api/v1/auth/oidc/authorizations}.
   *
   * @param invitation the token of an invitation this sign-in accepts, if any
   */
  public record AuthorizationRequest(String invitation) {
    @Override
    public String toString() {
      return "AuthorizationRequest[" + (invitation == null ? "" : "invitation") + "]";
    }
  }

  /**
   * A sign-in started at the provider.
   *
   * @param authorizationUrl where the browser goes to sign in
   * @param state the sign-in's state, which the provider hands back with the code
   * @param expiresAt when the sign-in can no longer be finished
   */
  public record AuthorizationView(String authorizationUrl, String state, Instant expiresAt) {}

  /**
   * Body of {@code POST /api/v1/auth/oidc/token}: what the provider sent the browser back with.
   *
   * @param code the authorization code
   * @param state the sign-in's state
   */
  public record CodeRequest(String code, String state) {
    @Override
    public String toString() {
      return "CodeRequest[]";
    }
  }

  @POST
  @Path("/authorizations")
  @Operation(
      summary = "Start a console sign-in at the platform's OIDC provider",
      description =
          "Authorization Code with PKCE (S256), state and nonce. With `invitation`, the sign-in"
              + " accepts that invitation.")
  @APIResponse(responseCode = "200", description = "Where the browser goes")
  @APIResponse(responseCode = "404", description = "`oidc_not_configured`, `invitation_invalid`")
  @APIResponse(responseCode = "502", description = "`oidc_provider_unavailable`")
  @APIResponse(responseCode = "503", description = "`unavailable`: too many sign-ins at once")
  public AuthorizationView authorize(@Schema(nullable = true) AuthorizationRequest body) {
    Optional<String> invitation =
        Optional.ofNullable(body).map(AuthorizationRequest::invitation).filter(t -> !t.isBlank());
    OidcSignInService.Authorization started = signIns.authorize(invitation);
    return new AuthorizationView(started.authorizationUrl(), started.state(), started.expiresAt());
  }

  @POST
  @Path("/token")
  @Operation(
      summary = "Finish a console sign-in: the provider's code for a platform access token",
      description =
          "The same access token a password log-in gets. Each refusal has its own problem type.")
  @APIResponse(responseCode = "200", description = "The token")
  @APIResponse(
      responseCode = "400",
      description = "`validation_failed`, `oidc_state_invalid`, `oidc_code_refused`")
  @APIResponse(responseCode = "401", description = "`oidc_token_invalid`, with the reason")
  @APIResponse(
      responseCode = "403",
      description =
          "`oidc_email_unverified`, `oidc_email_domain`, `oidc_no_account`,"
              + " `invitation_email_mismatch`, `forbidden` (organization not active)")
  @APIResponse(responseCode = "404", description = "`oidc_not_configured`, `invitation_invalid`")
  @APIResponse(
      responseCode = "409",
      description = "`email_taken`: an invitation for an address with an account")
  @APIResponse(responseCode = "502", description = "`oidc_provider_unavailable`")
  public TokenResponse token(CodeRequest body) {
    CodeRequest request = body == null ? new CodeRequest(null, null) : body;
    return TokenResponse.of(signIns.complete(request.code(), request.state()));
  }
}
