package io.aviary.tenant.oidc;

import io.aviary.service.problem.ProblemType;

/** Why a console sign-in through the platform's OIDC provider was refused. */
public final class SignInProblem {

  public static final ProblemType NOT_CONFIGURED =
      ProblemType.of("oidc_not_configured", 404, "Sign-in through an OIDC provider is not set up");

  public static final ProblemType PASSWORD_LOGIN_DISABLED =
      ProblemType.of("password_login_disabled", 403, "Password log-in is turned off");

  public static final ProblemType STATE_INVALID =
      ProblemType.of("oidc_state_invalid", 400, "The sign-in is unknown, used or expired");

  public static final ProblemType CODE_REFUSED =
      ProblemType.of("oidc_code_refused", 400, "The identity provider refused the code");

  public static final ProblemType PROVIDER_UNAVAILABLE =
      ProblemType.of("oidc_provider_unavailable", 502, "The identity provider cannot be reached");

  public static final ProblemType TOKEN_INVALID =
      ProblemType.of("oidc_token_invalid", 401, "The identity provider's ID token was refused");

  public static final ProblemType EMAIL_UNVERIFIED =
      ProblemType.of("oidc_email_unverified", 403, "The identity provider vouches for no email");

  public static final ProblemType EMAIL_DOMAIN =
      ProblemType.of("oidc_email_domain", 403, "This email domain may not sign in");

  public static final ProblemType NO_ACCOUNT =
      ProblemType.of("oidc_no_account", 403, "No console user has this email");

  public static final ProblemType INVITATION_EMAIL_MISMATCH =
      ProblemType.of("invitation_email_mismatch", 403, "The invitation is for another email");

  private SignInProblem() {}
}
