package io.aviary.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The edge's own errors, in the services' problem+json shape ({@code urn:aviary:problem:...}). */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  static String json(int status, String code, String title, String detail) {
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", "urn:aviary:problem:" + code);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    return problem.toString();
  }

  /** A request carrying the session cookie but not the console's header: possibly another site. */
  static String consoleHeaderMissing() {
    return json(
        403,
        "console_header_required",
        "Console header required",
        "Requests authenticated by the console's session cookie must carry "
            + Edge.CONSOLE_HEADER
            + ": 1; scripts send a bearer token instead.");
  }

  static String sessionExpired() {
    return json(
        401, "session_expired", "Session expired", "The console session is over; log in again.");
  }
}
