package io.aviary.acl.service.tool;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aviary.acl.service.policy.DocumentSource;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.Problem;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body that may embed policy documents: the parsed tree, plus the exact text and
 * position of each top-level object member, so an embedded document is validated as the user wrote
 * it and its problems point at lines and columns of the body.
 */
final class ToolRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode tree;
  private final Map<String, DocumentSource> objects;

  private ToolRequest(JsonNode tree, Map<String, DocumentSource> objects) {
    this.tree = tree;
    this.objects = objects;
  }

  /** Reads a body that must be a JSON object; anything else is a 400 {@code malformed_request}. */
  static ToolRequest parse(String body) {
    if (body == null || body.isBlank()) {
      throw malformed("A JSON object body is required.", 0, 0);
    }
    Map<String, DocumentSource> objects = new HashMap<>();
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("The body must be a JSON object.", 1, 1);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          JsonLocation start = parser.currentTokenLocation();
          parser.skipChildren();
          JsonLocation end = parser.currentLocation();
          objects.put(
              name,
              new DocumentSource(
                  body.substring((int) start.getCharOffset(), (int) end.getCharOffset()),
                  "/" + FieldError.escape(name),
                  start.getLineNr(),
                  start.getColumnNr()));
        } else {
          parser.skipChildren();
        }
      }
      return new ToolRequest(JSON.readTree(body), Map.copyOf(objects));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw malformed(
          "The body is not valid JSON: " + e.getOriginalMessage(),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The member {@code name}, or null when absent or JSON null. */
  JsonNode get(String name) {
    JsonNode node = tree.get(name);
    return node == null || node.isNull() ? null : node;
  }

  /** The member {@code name} as an embedded document, when it is an object. */
  DocumentSource document(String name) {
    return objects.get(name);
  }

  JsonNode tree() {
    return tree;
  }

  private static ProblemException malformed(String detail, int line, int column) {
    ProblemCode code = ProblemCode.MALFORMED_REQUEST;
    FieldError error =
        line > 0 ? new FieldError("", detail, line, column) : new FieldError("", detail);
    return new ProblemException(
        new Problem(
            Problem.TYPE_PREFIX + code.code(),
            code.title(),
            code.status(),
            detail,
            List.of(error)));
  }
}
