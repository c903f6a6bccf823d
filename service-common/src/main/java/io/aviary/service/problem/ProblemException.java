package io.aviary.service.problem;

import java.util.List;

/** An expected failure that becomes a problem response; thrown at the edge, never logged. */
public final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public ProblemException(ProblemType code, String detail) {
    this(Problem.of(code, detail));
  }

  public Problem problem() {
    return problem;
  }

  /** A validation problem listing every invalid field. */
  public static ProblemException invalid(List<FieldError> errors) {
    return invalid(ProblemCode.VALIDATION_FAILED, errors);
  }

  /**
   * A problem of kind {@code code} listing every invalid field; its detail is the one error's
   * sentence or a count.
   */
  public static ProblemException invalid(ProblemType code, List<FieldError> errors) {
    return invalid(
        code,
        errors.size() == 1
            ? errors.get(0).detail()
            : errors.size() + " fields are not valid; see errors.",
        errors);
  }

  /** A problem of kind {@code code} with its own detail, listing every invalid field. */
  public static ProblemException invalid(ProblemType code, String detail, List<FieldError> errors) {
    return new ProblemException(
        new Problem(
            Problem.TYPE_PREFIX + code.code(), code.title(), code.status(), detail, errors));
  }

  /** A validation problem for one field. */
  public static ProblemException invalid(String member, String detail) {
    return invalid(List.of(FieldError.at(member, detail)));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(ProblemCode.NOT_FOUND, detail);
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(ProblemCode.CONFLICT, detail);
  }

  /**
   * A 409 caused by one field's value, e.g. a name already taken: the error points at {@code
   * member} so a form can show it next to the field.
   */
  public static ProblemException conflict(String member, String detail) {
    return invalid(ProblemCode.CONFLICT, detail, List.of(FieldError.at(member, detail)));
  }
}
