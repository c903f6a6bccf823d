package io.aviary.service.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.List;

/** JSON pointers into request bodies, from Bean Validation paths and Jackson paths. */
final class Pointers {

  private Pointers() {}

  /**
   * The pointer of a Bean Validation property path. The method and parameter nodes of REST endpoint
   * validation are skipped; Java component names become the snake_case JSON names.
   */
  static String of(Path path) {
    StringBuilder pointer = new StringBuilder();
    for (Path.Node node : path) {
      ElementKind kind = node.getKind();
      if (kind == ElementKind.METHOD
          || kind == ElementKind.PARAMETER
          || kind == ElementKind.CONSTRUCTOR
          || kind == ElementKind.RETURN_VALUE
          || kind == ElementKind.CROSS_PARAMETER) {
        continue;
      }
      if (node.isInIterable()) {
        Object key = node.getIndex() != null ? node.getIndex() : node.getKey();
        if (key != null) {
          pointer.append('/').append(FieldError.escape(key.toString()));
        }
      }
      if (kind == ElementKind.PROPERTY && node.getName() != null) {
        pointer.append('/').append(FieldError.escape(snakeCase(node.getName())));
      }
    }
    return pointer.toString();
  }

  /** The pointer of a Jackson reference path (names there are already the JSON names). */
  static String of(List<JsonMappingException.Reference> path) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        pointer.append('/').append(FieldError.escape(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        pointer.append('/').append(ref.getIndex());
      }
    }
    return pointer.toString();
  }

  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
