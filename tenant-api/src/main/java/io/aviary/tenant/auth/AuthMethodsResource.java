package io.aviary.tenant.auth;

import io.aviary.tenant.oidc.OidcSignInService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How console users may sign in here, for the console's sign-in page; public. */
@Path("/api/v1/auth/methods")
@Tag(name = "auth")
public class AuthMethodsResource {

  private final OidcSignInService signIns;

  public AuthMethodsResource(OidcSignInService signIns) {
    this.signIns = signIns;
  }

  /**
   * The sign-in methods.
   *
   * @param password whether email and password log console users in
   * @param oidc the platform's OIDC provider, or null when there is none
   */
  public record AuthMethods(boolean password, @Schema(nullable = true) OidcMethod oidc) {}

  /**
   * The platform's OIDC provider.
   *
   * @param displayName its name, for "Sign in with ..."
   */
  public record OidcMethod(String displayName) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "How console users sign in: password, the platform's OIDC provider, or both")
  public AuthMethods methods() {
    return new AuthMethods(
        signIns.passwordLogin(), signIns.displayName().map(OidcMethod::new).orElse(null));
  }
}
