package io.aviary.deploy.chart;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** A rendered YAML value with null-safe navigation; a missing key is an empty node. */
public record Node(Object value) {

  public Node at(String path) {
    Object current = value;
    for (String key : path.split("\\.")) {
      current = current instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return new Node(current);
  }

  public boolean exists() {
    return value != null;
  }

  public String str(String path) {
    Object v = at(path).value;
    return v == null ? "" : v.toString();
  }

  public String str() {
    return value == null ? "" : value.toString();
  }

  public List<Node> list(String path) {
    return at(path).list();
  }

  public List<Node> list() {
    return value instanceof List<?> items ? items.stream().map(Node::new).toList() : List.of();
  }

  public Map<String, String> strings(String path) {
    return at(path).value instanceof Map<?, ?> map
        ? map.entrySet().stream()
            .collect(
                Collectors.toMap(e -> e.getKey().toString(), e -> Objects.toString(e.getValue())))
        : Map.of();
  }

  /** A list of objects with a {@code name} (env, ports, volumes), by name. */
  public Map<String, Node> byName(String path) {
    return list(path).stream()
        .collect(Collectors.toMap(n -> n.str("name"), n -> n, (a, b) -> a, java.util.TreeMap::new));
  }

  public String name() {
    return str("metadata.name");
  }

  /** The {@code app.kubernetes.io/component} label. */
  public String component() {
    return strings("metadata.labels").getOrDefault("app.kubernetes.io/component", "");
  }

  public String kind() {
    return str("kind");
  }

  @Override
  public String toString() {
    return String.valueOf(value);
  }
}
