package io.aviary.service.problem;

import java.util.Locale;

/**
 * The problem types every service shares, with their HTTP status and title. Service-specific kinds
 * are their own enums implementing {@link ProblemType}.
 */
public enum ProblemCode implements ProblemType {
  VALIDATION_FAILED(400, "The request is not valid"),
  MALFORMED_REQUEST(400, "The request body cannot be read"),
  UNAUTHORIZED(401, "Authentication is required"),
  INVALID_CREDENTIALS(401, "The credentials are not valid"),
  FORBIDDEN(403, "Not allowed"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  CONFLICT(409, "Conflict"),
  LIMIT_EXCEEDED(409, "A limit was reached"),
  PRECONDITION_FAILED(412, "The resource changed since it was read"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  INTERNAL_ERROR(500, "Internal error"),
  UNAVAILABLE(503, "Temporarily unavailable");

  private final int status;
  private final String title;

  ProblemCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  @Override
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return title;
  }
}
