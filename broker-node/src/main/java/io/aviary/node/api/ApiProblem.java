package io.aviary.node.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The RFC 9457 problem documents the sessions API answers with, in the shape every Aviary service
 * writes (service-common's {@code Problem}): a stable {@code type} ({@code urn:aviary:problem:} and
 * a code), a fixed {@code title} per kind, the {@code status}, a {@code detail} sentence, and for
 * invalid input {@code errors} with a JSON pointer ({@code /query/<name>} for a query parameter).
 */
enum ApiProblem {
  VALIDATION_FAILED(400, "The request is not valid"),
  UNAUTHORIZED(401, "Authentication is required"),
  FORBIDDEN(403, "Not allowed"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  CONFLICT(409, "Conflict"),
  INTERNAL_ERROR(500, "Internal error"),
  UNAVAILABLE(503, "Temporarily unavailable");

  static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:aviary:problem:";

  final int status;
  private final String title;

  ApiProblem(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /** The document for this kind with {@code detail}. */
  JsonObject with(String detail) {
    return new JsonObject()
        .put("type", TYPE_PREFIX + name().toLowerCase(Locale.ROOT))
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }

  /** A {@link #VALIDATION_FAILED} document naming one query parameter. */
  static JsonObject invalidQuery(String parameter, String detail) {
    return VALIDATION_FAILED
        .with(parameter + " " + detail)
        .put(
            "errors",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("pointer", "/query/" + parameter)
                        .put("detail", parameter + " " + detail)));
  }
}
