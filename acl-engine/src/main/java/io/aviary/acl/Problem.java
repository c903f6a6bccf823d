package io.aviary.acl;

/**
 * One finding of validation.
 *
 * @param severity error or warning
 * @param pointer RFC 6901 JSON pointer to the offending value ({@code ""} for the whole document)
 * @param line 1-based line of that value in the source, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message a sentence
 */
public record Problem(Severity severity, String pointer, int line, int column, String message) {

  /** {@code line:column: severity: message (at pointer)}, as compilers print. */
  @Override
  public String toString() {
    return line + ":" + column + ": " + severity.code() + ": " + message + " (at " + pointer + ")";
  }
}
