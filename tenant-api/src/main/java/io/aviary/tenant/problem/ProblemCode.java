package io.aviary.tenant.problem;

import java.util.Locale;

/** The closed set of problem types this service returns, with their HTTP status and title. */
public enum ProblemCode {
  VALIDATION_FAILED(400, "The request is not valid"),
  MALFORMED_REQUEST(400, "The request body cannot be read"),
  UNAUTHORIZED(401, "Authentication is required"),
  INVALID_CREDENTIALS(401, "The credentials are not valid"),
  FORBIDDEN(403, "Not allowed"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  CONFLICT(409, "Conflict"),
  EMAIL_TAKEN(409, "The email address is already registered"),
  LIMIT_EXCEEDED(409, "A limit was reached"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  INTERNAL_ERROR(500, "Internal error"),
  UNAVAILABLE(503, "Temporarily unavailable");

  private final int status;
  private final String title;

  ProblemCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /** The code used in the problem {@code type}, e.g. {@code validation_failed}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
