package io.aviary.identity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a claim by path (VR-20): a top-level name taken whole first, so {@code
 * https://acme.com/roles} and {@code cognito:groups} work, else a dotted walk into nested objects
 * ({@code realm_access.roles}, {@code o.rol}) where each step again prefers the longest name that
 * exists.
 */
final class ClaimPath {
  /** Most values one claim contributes. */
  static final int MAX_VALUES = 64;

  /** Longest single value kept; longer ones are dropped rather than cut (a cut could match). */
  static final int MAX_VALUE_CHARS = 256;

  private static final int MAX_DEPTH = 8;

  private ClaimPath() {}

  /** The raw value at {@code path}, if any. */
  static Optional<Object> resolve(Map<String, Object> claims, String path) {
    return Optional.ofNullable(resolve(claims, path, 0));
  }

  /**
   * The value at {@code path} as strings: a string is one value, a number or boolean is written
   * out, an array gives each scalar element (at most {@link #MAX_VALUES}); objects and nulls give
   * none.
   */
  static List<String> values(Map<String, Object> claims, String path) {
    Object value = resolve(claims, path, 0);
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (out.size() >= MAX_VALUES) {
          break;
        }
        addScalar(out, element);
      }
    } else {
      addScalar(out, value);
    }
    return out;
  }

  /** A scalar claim value as text, or null for objects, arrays and null. */
  static String scalar(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return null;
      }
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue())
          : BigDecimal.valueOf(d).toPlainString();
    }
    if (value instanceof BigDecimal bd) {
      return bd.toPlainString();
    }
    return null;
  }

  private static void addScalar(List<String> out, Object value) {
    String text = scalar(value);
    if (text != null && !text.isEmpty() && text.length() <= MAX_VALUE_CHARS) {
      out.add(text);
    }
  }

  private static Object resolve(Map<?, ?> object, String path, int depth) {
    if (path.isEmpty() || depth > MAX_DEPTH) {
      return null;
    }
    if (object.containsKey(path)) {
      return object.get(path);
    }
    for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
      String head = path.substring(0, dot);
      if (object.get(head) instanceof Map<?, ?> nested) {
        Object found = resolve(nested, path.substring(dot + 1), depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
