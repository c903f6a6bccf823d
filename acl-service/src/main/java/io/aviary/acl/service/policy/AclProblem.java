package io.aviary.acl.service.policy;

import io.aviary.service.problem.ProblemType;

/** Problem types only this service returns; the shared ones are in {@code ProblemCode}. */
public final class AclProblem {

  /** A policy document has errors; {@code errors} lists each with pointer, line and column. */
  public static final ProblemType INVALID_POLICY =
      ProblemType.of("invalid_policy", 422, "The policy is not valid");

  private AclProblem() {}
}
