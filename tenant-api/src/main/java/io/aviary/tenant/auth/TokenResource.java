package io.aviary.tenant.auth;

import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import io.aviary.tenant.oidc.OidcSignInService;
import io.aviary.tenant.oidc.SignInProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Log-in: email and password, or an API key, for a short-lived platform access token. */
@Path("/api/v1/auth/token")
@Tag(name = "auth")
public class TokenResource {

  private static final int MAX_INPUT = 1024;

  private final LoginService logins;
  private final OidcSignInService signIns;

  public TokenResource(LoginService logins, OidcSignInService signIns) {
    this.logins = logins;
    this.signIns = signIns;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Exchange email+password or an API key for a platform access token")
  @APIResponse(responseCode = "200", description = "The token")
  @APIResponse(responseCode = "401", description = "invalid_credentials, whichever part was wrong")
  @APIResponse(
      responseCode = "403",
      description = "`password_login_disabled`: console users sign in through the OIDC provider")
  public TokenResponse token(TokenRequest body) {
    if (body == null) {
      throw ProblemException.invalid(List.of(new FieldError("", "a JSON body is required")));
    }
    List<FieldError> errors = new ArrayList<>();
    if (body.apiKey() != null) {
      if (body.email() != null || body.password() != null) {
        errors.add(FieldError.at("api_key", "send either api_key or email and password, not both"));
      }
      tooLong(errors, "api_key", body.apiKey());
      if (!errors.isEmpty()) {
        throw ProblemException.invalid(errors);
      }
      return TokenResponse.of(logins.withApiKey(body.apiKey()));
    }
    if (body.email() == null || body.email().isBlank()) {
      errors.add(FieldError.at("email", "is required (or send api_key)"));
    }
    if (body.password() == null || body.password().isEmpty()) {
      errors.add(FieldError.at("password", "is required (or send api_key)"));
    }
    tooLong(errors, "email", body.email());
    tooLong(errors, "password", body.password());
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    if (!signIns.passwordLogin()) {
      throw passwordLoginDisabled();
    }
    return TokenResponse.of(logins.withPassword(body.email(), body.password()));
  }

  /** The refusal of a password when password log-in is off. */
  public static ProblemException passwordLoginDisabled() {
    return new ProblemException(
        SignInProblem.PASSWORD_LOGIN_DISABLED,
        "Console users sign in through the platform's identity provider here; passwords are not"
            + " accepted.");
  }

  private static void tooLong(List<FieldError> errors, String field, String value) {
    if (value != null && value.length() > MAX_INPUT) {
      errors.add(FieldError.at(field, "must be at most " + MAX_INPUT + " characters"));
    }
  }
}
