package io.aviary.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code type} is stable and machine-readable ({@code
 * urn:aviary:problem:<code>}); {@code detail} is a human sentence; {@code errors} lists every
 * invalid field of a request with its JSON pointer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  /** Media type of every error response. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Prefix of every problem {@code type}. */
  public static final String TYPE_PREFIX = "urn:aviary:problem:";

  public Problem {
    errors = errors == null ? null : List.copyOf(errors);
  }

  /** A problem without field errors. */
  public static Problem of(ProblemType code, String detail) {
    return new Problem(TYPE_PREFIX + code.code(), code.title(), code.status(), detail, null);
  }
}
