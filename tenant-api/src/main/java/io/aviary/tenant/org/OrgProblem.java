package io.aviary.tenant.org;

import io.aviary.service.problem.ProblemType;

/** Problem types only this service returns; the shared ones are in {@code ProblemCode}. */
public final class OrgProblem {

  public static final ProblemType EMAIL_TAKEN =
      ProblemType.of("email_taken", 409, "The email address is already registered");

  public static final ProblemType INVITATION_INVALID =
      ProblemType.of("invitation_invalid", 404, "The invitation is not valid");

  private OrgProblem() {}
}
