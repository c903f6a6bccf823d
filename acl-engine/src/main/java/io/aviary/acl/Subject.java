package io.aviary.acl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session a policy is bound to: its bindings (ACL variables by name, without braces), the
 * client's address and protocol level. Binding values are literals.
 *
 * @param bindings e.g. {@code user_id}, {@code email}, {@code role}, {@code client_id}, custom
 *     claims by their mapped name
 * @param source the client's address, or null when unknown (a source condition then fails)
 * @param protocolVersion 3, 4 or 5, or 0 when unknown (a version condition then fails)
 */
public record Subject(Map<String, List<String>> bindings, InetAddress source, int protocolVersion) {

  public Subject {
    bindings = Map.copyOf(bindings);
  }

  public static Subject of(Map<String, List<String>> bindings) {
    return new Subject(bindings, null, 0);
  }

  /**
   * A subject from a JSON claims object as the simulator takes it: each value a string, a number, a
   * boolean or an array of those; objects and nulls are ignored.
   */
  public static Subject ofClaims(Map<String, ?> claims, InetAddress source, int protocolVersion) {
    Map<String, List<String>> bindings = new LinkedHashMap<>();
    claims.forEach(
        (name, value) -> {
          List<String> values = new ArrayList<>();
          if (value instanceof List<?> list) {
            list.forEach(v -> scalar(v, values));
          } else {
            scalar(value, values);
          }
          if (!values.isEmpty()) {
            bindings.put(name, List.copyOf(values));
          }
        });
    return new Subject(bindings, source, protocolVersion);
  }

  private static void scalar(Object value, List<String> into) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      into.add(String.valueOf(value));
    }
  }

  /** The first value of a binding, or null. */
  public String first(String name) {
    List<String> values = bindings.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
