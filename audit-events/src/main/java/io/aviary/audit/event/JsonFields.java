package io.aviary.audit.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.audit.event.AuditCodec.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the fields of one event object, each required and typed as the schema says, remembering
 * which it read so that {@link #refuseOthers} can refuse any it did not.
 */
final class JsonFields {

  private static final Pattern UUID_V7 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private final ObjectNode object;
  private final Set<String> read = new HashSet<>();

  JsonFields(ObjectNode object) {
    this.object = object;
  }

  /** Thrown inside the reader only, and always turned into a {@link Refusal} by it. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    /** A field that breaks the schema. */
    Refused(String reason, String pointer) {
      this(Refusal.Kind.INVALID, reason, pointer);
    }

    Refused(Refusal.Kind kind, String reason, String pointer) {
      super(reason, null, false, false);
      this.refusal = new Refusal(kind, reason, pointer);
    }

    Refusal refusal() {
      return refusal;
    }
  }

  static String pointer(String... tokens) {
    StringBuilder pointer = new StringBuilder();
    for (String token : tokens) {
      pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private JsonNode required(String name) {
    read.add(name);
    JsonNode value = object.get(name);
    if (value == null) {
      throw new Refused("missing required field '" + name + "'", pointer(name));
    }
    return value;
  }

  private static Refused wrong(String name, String expected, JsonNode value) {
    return new Refused(
        "field '" + name + "' must be " + expected + ", got " + describe(value), pointer(name));
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "the number " + value.asText();
      case BOOLEAN -> value.asText();
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** A non-empty string. */
  String text(String name) {
    return string(name, false, false);
  }

  /** A string, possibly empty. */
  String anyText(String name) {
    return string(name, false, true);
  }

  /** Null or a non-empty string. */
  String textOrNull(String name) {
    return string(name, true, false);
  }

  /** Null or any string. */
  String anyTextOrNull(String name) {
    return string(name, true, true);
  }

  private String string(String name, boolean nullable, boolean empty) {
    JsonNode value = required(name);
    if (nullable && value.isNull()) {
      return null;
    }
    if (!value.isTextual() || (!empty && value.textValue().isEmpty())) {
      throw wrong(
          name, (nullable ? "null or " : "") + (empty ? "a string" : "a non-empty string"), value);
    }
    return value.textValue();
  }

  int integer(String name, int min, int max) {
    JsonNode value = required(name);
    if (!value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.intValue() < min
        || value.intValue() > max) {
      throw wrong(name, "an integer from " + min + " to " + max, value);
    }
    return value.intValue();
  }

  long atLeast(String name, long min) {
    JsonNode value = required(name);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min) {
      throw wrong(name, "an integer of at least " + min, value);
    }
    return value.longValue();
  }

  boolean bool(String name) {
    JsonNode value = required(name);
    if (!value.isBoolean()) {
      throw wrong(name, "true or false", value);
    }
    return value.booleanValue();
  }

  <E extends Enum<E> & WireCode> E code(String name, Class<E> type) {
    return code(name, type, WireCode::code);
  }

  /** A closed-set value written as {@code codeOf} writes each constant of {@code type}. */
  <E extends Enum<E>> E code(String name, Class<E> type, Function<E, String> codeOf) {
    JsonNode value = required(name);
    E[] constants = type.getEnumConstants();
    if (value.isTextual()) {
      for (E constant : constants) {
        if (codeOf.apply(constant).equals(value.textValue())) {
          return constant;
        }
      }
    }
    // Refused: only now is the list of valid codes worth building.
    List<String> codes = new ArrayList<>(constants.length);
    for (E constant : constants) {
      codes.add(codeOf.apply(constant));
    }
    if (!value.isTextual()) {
      throw wrong(name, "one of " + codes, value);
    }
    throw new Refused(
        "field '" + name + "' must be one of " + codes + ", got '" + value.textValue() + "'",
        pointer(name));
  }

  UUID eventId(String name) {
    String text = anyText(name);
    if (!UUID_V7.matcher(text).matches()) {
      throw new Refused(
          "field '"
              + name
              + "' must be a lowercase UUIDv7 such as 0190f5e2-8c4a-7b1e-9f00-3c2d4e5f6a7b",
          pointer(name));
    }
    return UUID.fromString(text);
  }

  Instant time(String name) {
    String text = anyText(name);
    return WireTime.parse(text)
        .orElseThrow(
            () ->
                new Refused(
                    "field '"
                        + name
                        + "' must be an RFC 3339 UTC time with milli- or microseconds,"
                        + " e.g. 2025-01-31T12:00:00.123Z",
                    pointer(name)));
  }

  /** An object whose every value is an array of strings. */
  Map<String, List<String>> stringArrays(String name) {
    JsonNode value = required(name);
    if (!value.isObject()) {
      throw wrong(name, "an object of string arrays", value);
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode array = entry.getValue();
      if (!array.isArray()) {
        throw new Refused(
            "field '" + name + "' must map each name to an array of strings",
            pointer(name, entry.getKey()));
      }
      List<String> strings = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (!array.get(i).isTextual()) {
          throw new Refused(
              "field '" + name + "' must hold strings only",
              pointer(name, entry.getKey(), Integer.toString(i)));
        }
        strings.add(array.get(i).textValue());
      }
      result.put(entry.getKey(), strings);
    }
    return result;
  }

  /** A non-empty array. */
  JsonNode nonEmptyArray(String name) {
    JsonNode value = required(name);
    if (!value.isArray() || value.isEmpty()) {
      throw wrong(name, "a non-empty array", value);
    }
    return value;
  }

  /** Refuses the first field that was not read: v1 has no optional or unknown fields. */
  void refuseOthers(String what) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      if (!read.contains(name)) {
        throw new Refused(
            "unknown field '" + name + "' in a " + what + "; v1 allows no other fields",
            pointer(name));
      }
    }
  }

  /**
   * An array of fixed length whose elements are read by position: an entry of a verdict run.
   * Refusals point at the element.
   */
  static final class Entry {
    private final JsonNode array;
    private final String field;
    private final int index;

    Entry(JsonNode array, String field, int index, int length) {
      this.field = field;
      this.index = index;
      if (!array.isArray() || array.size() != length) {
        throw new Refused(
            "each of '"
                + field
                + "' must be an array of "
                + length
                + " values, got "
                + (array.isArray() ? "an array of " + array.size() : describe(array)),
            pointer(field, Integer.toString(index)));
      }
      this.array = array;
    }

    private Refused wrong(int at, String expected) {
      return new Refused(
          "element "
              + at
              + " of each of '"
              + field
              + "' must be "
              + expected
              + ", got "
              + describe(array.get(at)),
          pointer(field, Integer.toString(index), Integer.toString(at)));
    }

    UUID eventId(int at) {
      JsonNode value = array.get(at);
      if (!value.isTextual() || !UUID_V7.matcher(value.textValue()).matches()) {
        throw wrong(at, "a lowercase UUIDv7 event id");
      }
      return UUID.fromString(value.textValue());
    }

    long integer(int at, long min, long max) {
      JsonNode value = array.get(at);
      if (!value.isIntegralNumber()
          || !value.canConvertToLong()
          || value.longValue() < min
          || value.longValue() > max) {
        throw wrong(at, "an integer from " + min + " to " + max);
      }
      return value.longValue();
    }

    String text(int at) {
      JsonNode value = array.get(at);
      if (!value.isTextual() || value.textValue().isEmpty()) {
        throw wrong(at, "a non-empty string");
      }
      return value.textValue();
    }

    boolean bool(int at) {
      JsonNode value = array.get(at);
      if (!value.isBoolean()) {
        throw wrong(at, "true or false");
      }
      return value.booleanValue();
    }
  }
}
