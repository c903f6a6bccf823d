package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aviary.acl.Problem;

/** Validation problems as compilers print them: {@code FILE:LINE:COLUMN: severity: message}. */
final class Problems {
  private Problems() {}

  /** {@code policy.json:7:16: error: message (at /rules/2/topic)}. */
  static String format(String file, Problem problem) {
    return format(
        file,
        problem.severity().code(),
        problem.line(),
        problem.column(),
        problem.message(),
        problem.pointer());
  }

  /** One field error of a server's 422 problem document, in the same format. */
  static String format(String file, JsonNode error) {
    String severity = Json.text(error, "severity");
    return format(
        file,
        severity == null ? "error" : severity,
        error.path("line").asInt(0),
        error.path("column").asInt(0),
        ServerProblem.message(error),
        Json.text(error, "pointer"));
  }

  /**
   * The line and column are left out when unknown (0), and the pointer when it is the whole
   * document.
   */
  static String format(
      String file, String severity, int line, int column, String message, String pointer) {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line).append(':').append(Math.max(column, 1));
    }
    text.append(": ").append(severity).append(": ").append(message);
    if (pointer != null && !pointer.isEmpty()) {
      text.append(" (at ").append(pointer).append(')');
    }
    return text.toString();
  }

  /** {@code 2 errors}, {@code 1 warning}. */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
