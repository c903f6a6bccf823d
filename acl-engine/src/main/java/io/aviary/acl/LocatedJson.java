package io.aviary.acl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that remembers where each value starts in the source, so that validation can say
 * "line 7, column 16" as well as "/rules/2/topic". Duplicate object keys are reported, not merged.
 */
final class LocatedJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1 << 20).build())
          .build();

  /** A value and where it starts. */
  sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
    int line();

    int column();

    /** How problems name this kind of value. */
    String kind();
  }

  /** An object: fields in document order. */
  record Obj(Map<String, Node> fields, int line, int column) implements Node {
    @Override
    public String kind() {
      return "an object";
    }
  }

  record Arr(List<Node> items, int line, int column) implements Node {
    @Override
    public String kind() {
      return "an array";
    }
  }

  record Str(String value, int line, int column) implements Node {
    @Override
    public String kind() {
      return "a string";
    }
  }

  record Num(BigDecimal value, boolean integral, int line, int column) implements Node {
    @Override
    public String kind() {
      return "a number";
    }
  }

  record Bool(boolean value, int line, int column) implements Node {
    @Override
    public String kind() {
      return "a boolean";
    }
  }

  record Null(int line, int column) implements Node {
    @Override
    public String kind() {
      return "null";
    }
  }

  /** A syntax error, with its position. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    SyntaxError(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  /** Duplicate keys found while reading, as (pointer, line, column). */
  record Duplicate(String pointer, int line, int column) {}

  private final List<Duplicate> duplicates = new ArrayList<>();

  List<Duplicate> duplicates() {
    return duplicates;
  }

  Node read(String json) throws SyntaxError {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new SyntaxError("The document is empty; expected a JSON object.", 1, 1);
      }
      Node root = value(p, "");
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new SyntaxError(
            "Unexpected content after the end of the document.", at.getLineNr(), at.getColumnNr());
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage();
      int nl = message.indexOf('\n');
      throw new SyntaxError(
          "Malformed JSON: " + (nl > 0 ? message.substring(0, nl) : message),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Node value(JsonParser p, String pointer) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int col = at.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonLocation keyAt = p.currentTokenLocation();
          p.nextToken();
          String child = pointer + "/" + escape(name);
          Node v = value(p, child);
          if (fields.containsKey(name)) {
            duplicates.add(new Duplicate(child, keyAt.getLineNr(), keyAt.getColumnNr()));
          } else {
            fields.put(name, v);
          }
        }
        return new Obj(fields, line, col);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p, pointer + "/" + items.size()));
        }
        return new Arr(items, line, col);
      }
      case VALUE_STRING -> {
        return new Str(p.getText(), line, col);
      }
      case VALUE_NUMBER_INT -> {
        return new Num(new BigDecimal(p.getBigIntegerValue()), true, line, col);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Num(p.getDecimalValue(), false, line, col);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Bool(t == JsonToken.VALUE_TRUE, line, col);
      }
      case VALUE_NULL -> {
        return new Null(line, col);
      }
      default -> throw new IllegalStateException("unexpected token " + t);
    }
  }

  /** RFC 6901 escaping of one reference token. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
