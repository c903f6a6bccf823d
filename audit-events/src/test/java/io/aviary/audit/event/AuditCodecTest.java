package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aviary.audit.event.AuditCodec.Accepted;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuditCodecTest {

  private final AuditCodec codec = new AuditCodec();

  static Stream<AuditRecord> samples() {
    return Samples.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyRecordRoundTrips(AuditRecord record) {
    assertThat(codec.read(codec.write(record))).isEqualTo(new Accepted(record));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyWrittenDocumentValidatesAgainstTheSchema(AuditRecord record) throws IOException {
    JsonNode written = SchemaFixture.JSON.readTree(codec.write(record));

    assertThat(SchemaFixture.errors(written)).isEmpty();
    assertThat(written.get("schema_version").intValue()).isEqualTo(1);
    assertThat(written.get("type").textValue()).isEqualTo(record.type().code());
  }

  @Test
  void aPackedRecordSplitsBackIntoItsEvents() {
    List<AuditRecord> records = Samples.all();
    AuditCodec.LineBuffer value = codec.lineBuffer();
    for (AuditRecord record : records) {
      value.append(record);
    }

    List<byte[]> lines = AuditCodec.lines(value.toByteArray());

    assertThat(lines).hasSize(records.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(codec.read(lines.get(i))).isEqualTo(new Accepted(records.get(i)));
      assertThat(lines.get(i)).isEqualTo(codec.write(records.get(i)));
    }
  }

  @Test
  void aLineFeedInsideAFieldStaysInsideItsEvent() {
    AuditRecord.AuthenticationFailed record =
        (AuditRecord.AuthenticationFailed)
            Samples.all().stream()
                .filter(AuditRecord.AuthenticationFailed.class::isInstance)
                .findFirst()
                .orElseThrow();
    AuditRecord odd =
        new AuditRecord.AuthenticationFailed(
            record.eventId(),
            record.orgId(),
            record.nodeId(),
            record.time(),
            "line\nfeed\r\n",
            "user\n@org_x",
            record.originIp(),
            record.listener(),
            record.reason());
    AuditCodec.LineBuffer value = codec.lineBuffer();
    value.append(odd);
    int first = value.size();
    value.append(odd);

    List<byte[]> lines = AuditCodec.lines(value.toByteArray());

    assertThat(lines).hasSize(2);
    assertThat(value.size()).isEqualTo(2 * first);
    assertThat(codec.read(lines.get(1))).isEqualTo(new Accepted(odd));
  }

  @Test
  void aSingleEventWithoutALineEndIsOneLineAndEveryByteIsAccountedFor() {
    byte[] single = codec.write(Samples.all().get(0));
    assertThat(AuditCodec.lines(single)).containsExactly(single);

    byte[] gaps = "{\"a\":1}\n\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
    assertThat(AuditCodec.lines(gaps))
        .extracting(b -> new String(b, StandardCharsets.UTF_8))
        .containsExactly("{\"a\":1}", "", "{\"b\":2}");
    assertThat(AuditCodec.lines(new byte[0]))
        .singleElement()
        .satisfies(b -> assertThat(b).isEmpty());
  }

  @Test
  void theSchemaListsEveryReasonTheProducersHave() {
    JsonNode branches = SchemaFixture.tree().get("oneOf");
    assertThat(reasons(branches, "auth_failure"))
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(io.aviary.broker.auth.AuthFailure.values())
                .map(io.aviary.broker.auth.AuthFailure::code)
                .toList());
    assertThat(reasons(branches, "acl_verdict"))
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(io.aviary.acl.Decision.Reason.values())
                .map(io.aviary.acl.Decision.Reason::code)
                .toList());
  }

  private static List<String> reasons(JsonNode branches, String type) {
    for (JsonNode branch : branches) {
      if (branch.get("title").asText().equals(type)) {
        List<String> values = new java.util.ArrayList<>();
        branch.get("properties").get("reason").get("enum").forEach(v -> values.add(v.asText()));
        return values;
      }
    }
    throw new AssertionError("no branch " + type);
  }

  @Test
  void anEventLargerThanTheWritersFirstBufferRoundTrips() {
    // The writer starts with 512 bytes; this event makes it grow several times.
    Map<String, List<String>> bindings = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      bindings.put("group-" + i, List.of("value-" + i + "-" + "x".repeat(100)));
    }
    AuditRecord large =
        new ClientConnected(
            EventIds.next(),
            "acme",
            "broker-1",
            Samples.MILLIS,
            "sensor-7",
            "device:sensor-7",
            "203.0.113.9",
            51234,
            "mqtt",
            ClientConnected.Transport.TCP,
            ClientConnected.MqttVersion.V5_0,
            null,
            null,
            "platform",
            bindings,
            false,
            true);

    byte[] json = codec.write(large);

    assertThat(json.length).isGreaterThan(20_000);
    assertThat(codec.read(json)).isEqualTo(new Accepted(large));
  }

  @Test
  void samplesCoverEveryType() {
    Set<EventType> covered =
        Samples.all().stream().map(AuditRecord::type).collect(Collectors.toSet());
    assertThat(covered).isEqualTo(EnumSet.allOf(EventType.class));
  }

  @Test
  void timeIsWrittenInMillisecondsUnlessMicrosecondsAreNeeded() throws IOException {
    for (AuditRecord record : Samples.all()) {
      String time = SchemaFixture.JSON.readTree(codec.write(record)).get("time").textValue();
      assertThat(time)
          .isEqualTo(
              record.time().equals(Samples.MICROS)
                  ? "2025-03-01T10:15:30.123456Z"
                  : "2025-03-01T10:15:30.123Z");
    }
  }

  @Test
  void noWrittenDocumentCarriesAPayloadOrSecret() {
    for (AuditRecord record : Samples.all()) {
      String json = new String(codec.write(record), StandardCharsets.UTF_8);
      assertThat(json).doesNotContain("payload", "password", "token", "secret");
    }
  }

  @Test
  void schemaFileIsDraft202012WithAVersionedId() {
    JsonNode schema = SchemaFixture.tree();

    assertThat(schema.get("$schema").textValue())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("$id").textValue()).endsWith("/audit-event/v1.json");
    assertThat(schema.at("/$defs/schema_version/const").intValue())
        .isEqualTo(AuditRecord.SCHEMA_VERSION);
  }

  @Test
  void schemaHasOneClosedBranchPerType() {
    JsonNode branches = SchemaFixture.tree().get("oneOf");
    Set<String> types =
        Stream.iterate(0, i -> i < branches.size(), i -> i + 1)
            .map(branches::get)
            .peek(
                branch ->
                    assertThat(branch.get("additionalProperties").booleanValue())
                        .as(branch.get("title").textValue())
                        .isFalse())
            .map(branch -> branch.at("/properties/type/const").textValue())
            .collect(Collectors.toSet());

    Set<String> expected =
        EnumSet.allOf(EventType.class).stream().map(EventType::code).collect(Collectors.toSet());
    expected.add("acl_verdict_run"); // not an event type: a compact form of acl_verdict (ADR 7)
    assertThat(types).isEqualTo(expected);
  }
}
