package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders an RFC 9457 problem document ({@code type}, {@code title}, {@code detail}, errors). */
final class ServerProblem {
  private static final int MAX_RAW_BODY = 200;

  private ServerProblem() {}

  /**
   * {@code 404 Not Found: detail}, then one indented line per field error; a body that is not a
   * problem document is shown shortened.
   */
  static String describe(HttpReply reply) {
    JsonNode problem = reply.jsonOrNull();
    StringBuilder text = new StringBuilder().append(reply.status());
    if (problem == null || !problem.isObject()) {
      String body = reply.body() == null ? "" : reply.body().strip();
      if (!body.isEmpty()) {
        text.append(": ")
            .append(body.length() > MAX_RAW_BODY ? body.substring(0, MAX_RAW_BODY) + "..." : body);
      }
      return text.toString();
    }
    String title = Json.text(problem, "title");
    String detail = Json.text(problem, "detail");
    if (title != null) {
      text.append(' ').append(title);
    }
    if (detail != null) {
      text.append(": ").append(detail);
    }
    for (JsonNode error : Json.list(problem.get("errors"))) {
      text.append(System.lineSeparator()).append("  ").append(fieldError(error));
    }
    return text.toString();
  }

  /** {@code /rules/2/topic (7:16): message}. */
  static String fieldError(JsonNode error) {
    String pointer = Json.text(error, "pointer");
    String message = message(error);
    int line = error.path("line").asInt(0);
    int column = error.path("column").asInt(0);
    StringBuilder text = new StringBuilder();
    text.append(pointer == null || pointer.isEmpty() ? "(document)" : pointer);
    if (line > 0) {
      text.append(" (").append(line).append(':').append(column).append(')');
    }
    return text.append(": ").append(message).toString();
  }

  /** A field error's sentence: {@code message}, or {@code detail} as tenant-api names it. */
  static String message(JsonNode error) {
    String message = Json.text(error, "message");
    if (message == null) {
      message = Json.text(error, "detail");
    }
    return message == null ? "invalid" : message;
  }
}
