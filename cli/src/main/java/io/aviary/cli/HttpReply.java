package io.aviary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * A server's answer.
 *
 * @param method the request's method
 * @param uri the request's URI
 * @param status HTTP status
 * @param headers response headers
 * @param body response body as text
 */
record HttpReply(String method, URI uri, int status, HttpHeaders headers, String body) {

  boolean ok() {
    return status >= 200 && status < 300;
  }

  String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  /** The body as JSON, or null when it is empty or not JSON. */
  JsonNode jsonOrNull() {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * The body of a successful reply as JSON; anything else ends the command (see {@link #failure}).
   */
  JsonNode json() {
    if (!ok()) {
      throw failure();
    }
    JsonNode node = jsonOrNull();
    if (node == null) {
      throw CliException.server("%s %s: %d reply is not JSON", method, uri, status);
    }
    return node;
  }

  /**
   * The error for an unsuccessful reply, with the server's problem document made readable: exit 1
   * when the server refused the request's content (422), else exit 3.
   */
  CliException failure() {
    return new CliException(
        status == 422 ? Exit.FAILED : Exit.SERVER,
        method + " " + uri + ": " + ServerProblem.describe(this));
  }
}
