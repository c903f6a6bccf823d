package io.aviary.tenant.problem;

/**
 * One invalid field of a request.
 *
 * @param pointer RFC 6901 JSON pointer into the request body, e.g. {@code /email} or {@code
 *     /issuers/0}; empty for the whole body
 * @param detail what is wrong, as a sentence
 */
public record FieldError(String pointer, String detail) {

  /** A pointer to a top-level member. */
  public static FieldError at(String member, String detail) {
    return new FieldError("/" + escape(member), detail);
  }

  /** Escapes one reference token per RFC 6901 ({@code ~} and {@code /}). */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
