package io.aviary.service.problem;

/**
 * A kind of problem a service returns: its stable code, HTTP status and title. {@link ProblemCode}
 * holds the kinds every service shares; a service declares its own with {@link #of}.
 */
public interface ProblemType {

  /** The code used in the problem {@code type}, e.g. {@code validation_failed}. */
  String code();

  /** The HTTP status of responses of this kind. */
  int status();

  /** A short, fixed summary of the kind. */
  String title();

  /** A service-specific kind, e.g. {@code of("email_taken", 409, "...")}. */
  static ProblemType of(String code, int status, String title) {
    return new Custom(code, status, title);
  }

  /** A kind declared with {@link #of}. */
  record Custom(String code, int status, String title) implements ProblemType {}
}
