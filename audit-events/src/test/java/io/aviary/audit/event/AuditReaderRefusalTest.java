package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.audit.event.AuditCodec.Refusal;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input is a refusal with a reason and a pointer, and the schema agrees. */
class AuditReaderRefusalTest {

  private static final AuditCodec CODEC = new AuditCodec();

  private static ObjectNode written(Class<? extends AuditRecord> type) {
    AuditRecord sample = Samples.all().stream().filter(type::isInstance).findFirst().orElseThrow();
    try {
      return (ObjectNode) SchemaFixture.JSON.readTree(CODEC.write(sample));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid allowed-publish verdict changed by {@code change}. */
  private static String verdict(Consumer<ObjectNode> change) {
    ObjectNode node = written(AclDecided.class);
    change.accept(node);
    return node.toString();
  }

  /** A valid TLS connect changed by {@code change}. */
  private static String connect(Consumer<ObjectNode> change) {
    ObjectNode node = written(ClientConnected.class);
    change.accept(node);
    return node.toString();
  }

  /** A valid audit_dropped marker changed by {@code change}. */
  private static String dropped(Consumer<ObjectNode> change) {
    ObjectNode node = written(AuditRecord.AuditDropped.class);
    change.accept(node);
    return node.toString();
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        // name, document, reason contains, pointer, is a JSON document the schema can judge
        row("empty input", "", "empty document", "", false),
        row("truncated JSON", "{\"schema_version\": 1, ", "not valid JSON", "", false),
        row("trailing data", verdict(n -> {}) + " {}", "not valid JSON", "", false),
        row("duplicate key", "{\"schema_version\":1,\"schema_version\":1}", "Duplicate", "", false),
        row("array root", "[1]", "must be a JSON object", "", true),
        row("string root", "\"connect\"", "must be a JSON object", "", true),
        row(
            "missing schema_version",
            verdict(n -> n.remove("schema_version")),
            "missing required field 'schema_version'",
            "/schema_version",
            true),
        row(
            "schema_version 2",
            verdict(n -> n.put("schema_version", 2)),
            "unknown schema_version 2",
            "/schema_version",
            true),
        row(
            "schema_version as a string",
            verdict(n -> n.put("schema_version", "1")),
            "unknown schema_version \"1\"",
            "/schema_version",
            true),
        row(
            "unknown type",
            verdict(n -> n.put("type", "message_published")),
            "field 'type' must be one of",
            "/type",
            true),
        row(
            "missing field",
            verdict(n -> n.remove("policy_version")),
            "missing required field 'policy_version'",
            "/policy_version",
            true),
        row(
            "extra payload field",
            verdict(n -> n.put("payload", "aGVsbG8=")),
            "unknown field 'payload' in a acl_verdict event",
            "/payload",
            true),
        row(
            "string where an integer belongs",
            verdict(n -> n.put("qos", "1")),
            "field 'qos' must be an integer from 0 to 2, got a string",
            "/qos",
            true),
        row(
            "qos out of range",
            verdict(n -> n.put("qos", 3)),
            "field 'qos' must be an integer from 0 to 2, got the number 3",
            "/qos",
            true),
        row(
            "number where a boolean belongs",
            verdict(n -> n.put("retain", 0)),
            "field 'retain' must be true or false",
            "/retain",
            true),
        row(
            "unknown verdict",
            verdict(n -> n.put("verdict", "maybe")),
            "field 'verdict' must be one of [allow, deny], got 'maybe'",
            "/verdict",
            true),
        row(
            "negative policy version",
            verdict(n -> n.put("policy_version", -1)),
            "field 'policy_version' must be an integer of at least 0",
            "/policy_version",
            true),
        row(
            "event id not a UUID",
            verdict(n -> n.put("event_id", "42")),
            "field 'event_id' must be a lowercase UUIDv7",
            "/event_id",
            true),
        row(
            "event id a UUIDv4",
            verdict(n -> n.put("event_id", "3b241101-e2bb-4255-8caf-4136c566a962")),
            "field 'event_id' must be a lowercase UUIDv7",
            "/event_id",
            true),
        row(
            "time with an offset",
            verdict(n -> n.put("time", "2025-03-01T11:15:30.123+01:00")),
            "field 'time' must be an RFC 3339 UTC time",
            "/time",
            true),
        row(
            "time in whole seconds",
            verdict(n -> n.put("time", "2025-03-01T10:15:30Z")),
            "field 'time' must be an RFC 3339 UTC time",
            "/time",
            true),
        row(
            "null org on a connect",
            connect(n -> n.putNull("org_id")),
            "field 'org_id' must be a non-empty string, got null",
            "/org_id",
            true),
        row(
            "empty node id",
            verdict(n -> n.put("node_id", "")),
            "field 'node_id' must be a non-empty string",
            "/node_id",
            true),
        row(
            "unknown transport",
            connect(n -> n.put("transport", "quic")),
            "field 'transport' must be one of [tcp, tls, ws, wss]",
            "/transport",
            true),
        row(
            "binding value not an array",
            connect(n -> n.putObject("bindings").put("site", "berlin")),
            "must map each name to an array of strings",
            "/bindings/site",
            true),
        row(
            "binding value holding a number",
            connect(n -> n.putObject("bindings").putArray("a/b").add(7)),
            "must hold strings only",
            "/bindings/a~1b/0",
            true),
        row(
            "TLS cipher on plain TCP",
            connect(n -> n.put("transport", "tcp")),
            "tls_version and tls_cipher are set exactly when the transport is tls or wss",
            "",
            true),
        row(
            "sampled denial",
            verdict(n -> n.put("verdict", "deny")),
            "denials are always kept, never sampled",
            "",
            true),
        row(
            "drop window that ends before it starts",
            dropped(n -> n.put("last_dropped_at", "2025-03-01T10:00:00.000Z")),
            "last_dropped_at is before first_dropped_at",
            "",
            false));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "''|MALFORMED",
        "{\"schema_version\": 1, |MALFORMED",
        "[1, 2]|MALFORMED",
        "{\"type\": \"connect\"}|UNSUPPORTED_VERSION",
        "{\"schema_version\": 2}|UNSUPPORTED_VERSION",
        "{\"schema_version\": 1}|INVALID"
      })
  void saysWhatKindOfRefusalItIs(String json, Refusal.Kind kind) {
    String document = json.equals("''") ? "" : json;
    assertThat(CODEC.read(document.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(kind));
  }

  private static Arguments row(
      String name, String json, String reason, String pointer, boolean schemaJudges) {
    return Arguments.argumentSet(name, json, reason, pointer, schemaJudges);
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void refusesWithAReasonAndPointer(
      String json, String reason, String pointer, boolean schemaJudges) throws IOException {
    AuditCodec.Result result = CODEC.read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(result).isInstanceOf(Refusal.class);
    Refusal refusal = (Refusal) result;
    assertThat(refusal.reason()).contains(reason);
    assertThat(refusal.pointer()).isEqualTo(pointer);
    if (schemaJudges) {
      JsonNode document = SchemaFixture.JSON.readTree(json);
      assertThat(SchemaFixture.errors(document)).as("the schema refuses it too").isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("io.aviary.audit.event.AuditCodecTest#samples")
  void refusesEveryMissingFieldOfEveryType(AuditRecord record) throws IOException {
    ObjectNode written = (ObjectNode) SchemaFixture.JSON.readTree(CODEC.write(record));
    List<String> names = List.copyOf(written.properties().stream().map(e -> e.getKey()).toList());
    for (String name : names) {
      ObjectNode without = written.deepCopy();
      without.remove(name);

      AuditCodec.Result result = CODEC.read(without.toString().getBytes(StandardCharsets.UTF_8));

      assertThat(result)
          .as(name)
          .isEqualTo(
              new Refusal(
                  // Without a version, the reader cannot know which schema the rest follows.
                  name.equals("schema_version")
                      ? Refusal.Kind.UNSUPPORTED_VERSION
                      : Refusal.Kind.INVALID,
                  "missing required field '" + name + "'",
                  "/" + name));
      assertThat(SchemaFixture.errors(without)).as(name).isNotEmpty();
    }
  }
}
