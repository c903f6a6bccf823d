package io.aviary.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The console's copy of a service's OpenAPI document ({@code console/web/openapi/<service>.json}),
 * from which its API types are generated. A service's test compares its live document with it, so
 * that changing an API without refreshing the console's copy fails the build; run the test with
 * {@code -Dopenapi.snapshot.write=true} to write the copy instead.
 */
public final class OpenApiSnapshot {

  /** The system property that writes the snapshot instead of comparing. */
  // Outside the aviary. namespace, whose configuration mapping refuses unknown keys.
  public static final String WRITE = "openapi.snapshot.write";

  private static final int MAX_LISTED = 25;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OpenApiSnapshot() {}

  /**
   * Compares {@code live}, the service's {@code /q/openapi?format=json}, with the snapshot of
   * {@code service} (the Maven module's name), or writes it when {@value #WRITE} is true.
   *
   * @throws AssertionError naming every difference and the command that refreshes the snapshot
   */
  public static void check(String service, String live) throws IOException {
    // Surefire runs in the module's directory, in the reactor as alone.
    String copy = "console/web/openapi/" + service + ".json";
    Path snapshot = Path.of("..").resolve(copy);
    JsonNode actual = normalised(JSON.readTree(live));
    if (Boolean.getBoolean(WRITE)) {
      Files.createDirectories(snapshot.getParent());
      Files.writeString(snapshot, JSON.writeValueAsString(actual) + "\n");
      return;
    }
    String refresh =
        "Refresh it with: ./mvnw verify -pl "
            + service
            + " -Dtest=OperationsTest -D"
            + WRITE
            + "=true -Dsurefire.failIfNoSpecifiedTests=false, then review and commit "
            + copy
            + " with the API change (console/web: npm run build regenerates the types and"
            + " type-checks the pages against them).";
    if (!Files.exists(snapshot)) {
      throw new AssertionError(
          "No OpenAPI snapshot at " + snapshot.toAbsolutePath() + ". " + refresh);
    }
    JsonNode expected = JSON.readTree(Files.readString(snapshot));
    if (!expected.equals(actual)) {
      List<String> differences = new ArrayList<>();
      differences("", expected, actual, differences);
      StringBuilder message =
          new StringBuilder(service)
              .append("'s OpenAPI document differs from the console's copy, ")
              .append(copy)
              .append(" (")
              .append(differences.size())
              .append(" differences, as JSON pointers; - is the copy, + the service):\n");
      differences.stream()
          .limit(MAX_LISTED)
          .forEach(d -> message.append("  ").append(d).append('\n'));
      if (differences.size() > MAX_LISTED) {
        message.append("  ...\n");
      }
      throw new AssertionError(message.append(refresh).toString());
    }
  }

  /**
   * The document with its object keys sorted, so that a written snapshot is stable, and without
   * {@code servers}, which Quarkus derives from the port the service happens to listen on.
   */
  static JsonNode normalised(JsonNode document) {
    JsonNode sorted = sorted(document);
    ((ObjectNode) sorted).remove("servers");
    return sorted;
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      for (String name : new TreeSet<>(iterable(node))) {
        copy.set(name, sorted(node.get(name)));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void differences(String pointer, JsonNode was, JsonNode is, List<String> into) {
    if (was.equals(is)) {
      return;
    }
    if (was.isObject() && is.isObject()) {
      TreeSet<String> names = new TreeSet<>(iterable(was));
      names.addAll(iterable(is));
      for (String name : names) {
        String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
        if (!is.has(name)) {
          into.add("- " + child);
        } else if (!was.has(name)) {
          into.add("+ " + child);
        } else {
          differences(child, was.get(name), is.get(name), into);
        }
      }
      return;
    }
    into.add("~ " + (pointer.isEmpty() ? "/" : pointer) + ": " + brief(was) + " -> " + brief(is));
  }

  private static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
