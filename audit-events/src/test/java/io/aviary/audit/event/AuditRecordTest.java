package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.audit.event.AuditRecord.ApiKeyCreated;
import io.aviary.audit.event.AuditRecord.AuditDropped;
import io.aviary.audit.event.AuditRecord.AuthenticationFailed;
import io.aviary.broker.auth.AuthFailure;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A record that exists is a valid event: the header every record has is checked field by field. */
class AuditRecordTest {

  private static final UUID ID = EventIds.next();

  private static ApiKeyCreated apiKey(UUID id, String org, String node, Instant time) {
    return new ApiKeyCreated(id, org, node, time, "platform", "k_1");
  }

  static Stream<Arguments> badHeaders() {
    return Stream.of(
        Arguments.of(null, "acme", "node-1", Samples.MILLIS, "event_id is required"),
        Arguments.of(
            UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962"),
            "acme",
            "node-1",
            Samples.MILLIS,
            "event_id must be a UUIDv7"),
        Arguments.of(ID, null, "node-1", Samples.MILLIS, "org_id is required"),
        Arguments.of(ID, "", "node-1", Samples.MILLIS, "org_id must not be empty"),
        Arguments.of(ID, "acme", null, Samples.MILLIS, "node_id is required"),
        Arguments.of(ID, "acme", "", Samples.MILLIS, "node_id must not be empty"),
        Arguments.of(ID, "acme", "node-1", null, "time is required"));
  }

  @ParameterizedTest
  @MethodSource("badHeaders")
  void refusesABadHeaderNamingTheField(
      UUID id, String org, String node, Instant time, String message) {
    assertThatThrownBy(() -> apiKey(id, org, node, time))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void keepsTimeToTheMicrosecondTheWireCarries() {
    Instant nanos = Instant.parse("2025-03-01T10:15:30.123456789Z");

    assertThat(apiKey(ID, "acme", "node-1", nanos).time()).isEqualTo(Samples.MICROS);
  }

  @Test
  void onlyAnAuthenticationFailureMayHaveNoOrganization() {
    assertThat(authFailure(null).orgId()).isNull();
    assertThatThrownBy(() -> authFailure("")).hasMessage("org_id must not be empty");
  }

  private static AuthenticationFailed authFailure(String org) {
    return new AuthenticationFailed(
        ID,
        org,
        "node-1",
        Samples.MILLIS,
        "",
        null,
        "198.51.100.4",
        "mqtt",
        AuthFailure.UNKNOWN_ORG);
  }

  @Test
  void aDropWindowNamesTheMissingEnd() {
    assertThatThrownBy(
            () -> new AuditDropped(ID, "acme", "node-1", Samples.MILLIS, 1, null, Samples.MILLIS))
        .hasMessage("first_dropped_at is required");
    assertThatThrownBy(
            () -> new AuditDropped(ID, "acme", "node-1", Samples.MILLIS, 1, Samples.MILLIS, null))
        .hasMessage("last_dropped_at is required");
  }
}
