package io.aviary.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One invalid field of a request.
 *
 * @param pointer RFC 6901 JSON pointer into the request body, e.g. {@code /email} or {@code
 *     /issuers/0}; empty for the whole body
 * @param detail what is wrong, as a sentence
 * @param line 1-based line of the value in the request body, or null when not known
 * @param column 1-based column of the value, or null when not known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String pointer, String detail, Integer line, Integer column) {

  /** An error located by its pointer only. */
  public FieldError(String pointer, String detail) {
    this(pointer, detail, null, null);
  }

  /** A pointer to a top-level member. */
  public static FieldError at(String member, String detail) {
    return new FieldError("/" + escape(member), detail);
  }

  /** Escapes one reference token per RFC 6901 ({@code ~} and {@code /}). */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
