package io.aviary.audit.event;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.ApiKeyCreated;
import io.aviary.audit.event.AuditRecord.ApiKeyRevoked;
import io.aviary.audit.event.AuditRecord.AuditDropped;
import io.aviary.audit.event.AuditRecord.AuthenticationFailed;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.audit.event.AuditRecord.IdpChanged;
import io.aviary.audit.event.AuditRecord.LimitExceeded;
import io.aviary.audit.event.AuditRecord.MemberAdded;
import io.aviary.audit.event.AuditRecord.PolicyActivated;
import io.aviary.audit.event.AuditRecord.Subscribed;
import io.aviary.audit.event.AuditRecord.Unsubscribed;
import io.aviary.broker.auth.AuthFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One or more records of every type, covering the nullable fields both ways. */
final class Samples {

  static final Instant MILLIS = Instant.parse("2025-03-01T10:15:30.123Z");
  static final Instant MICROS = Instant.parse("2025-03-01T10:15:30.123456Z");

  private Samples() {}

  static List<AuditRecord> all() {
    return List.of(
        new ClientConnected(
            EventIds.next(),
            "acme",
            "broker-1",
            MICROS,
            "sensor-7",
            "device:sensor-7",
            "203.0.113.9",
            51234,
            "mqtts",
            ClientConnected.Transport.TLS,
            ClientConnected.MqttVersion.V5_0,
            "TLSv1.3",
            "TLS_AES_128_GCM_SHA256",
            "okta-main",
            Map.of("site", List.of("berlin", "paris"), "role", List.of()),
            false,
            true),
        new ClientConnected(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "legacy",
            "legacy",
            "2001:db8::1",
            0,
            "mqtt",
            ClientConnected.Transport.TCP,
            ClientConnected.MqttVersion.V3_1,
            null,
            null,
            "platform",
            Map.of(),
            true,
            false),
        new AuthenticationFailed(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "sensor-7",
            "acme/sensor-7",
            "203.0.113.9",
            "mqtts",
            AuthFailure.BAD_SIGNATURE),
        new AuthenticationFailed(
            EventIds.next(),
            null,
            "broker-2",
            MICROS,
            "",
            null,
            "198.51.100.4",
            "mqtt",
            AuthFailure.UNKNOWN_ORG),
        new AclDecided(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "sensor-7",
            "device:sensor-7",
            AclDecided.Action.PUBLISH,
            "site/berlin/temp",
            1,
            false,
            AclDecided.Verdict.ALLOW,
            "/rules/2",
            Decision.Reason.RULE,
            42,
            true),
        new AclDecided(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "sensor-7",
            "device:sensor-7",
            AclDecided.Action.SUBSCRIBE,
            "#",
            0,
            false,
            AclDecided.Verdict.DENY,
            "default",
            Decision.Reason.FILTER_TOO_WIDE,
            42,
            false),
        new Subscribed(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "dashboard",
            "user:ana@example.com",
            "site/+/temp",
            1,
            "dashboards"),
        new Subscribed(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "dashboard",
            "user:ana@example.com",
            "site/#",
            2,
            null),
        new Unsubscribed(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "dashboard",
            "user:ana@example.com",
            "site/#",
            null),
        new ClientDisconnected(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "sensor-7",
            ClientDisconnected.Kind.TAKEN_OVER,
            "session_taken_over",
            86_400_000L),
        new LimitExceeded(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            "sensor-7",
            LimitExceeded.Limit.PUBLISH_RATE,
            "max 100 publishes per second"),
        new PolicyActivated(
            EventIds.next(), "acme", "tenant-api-0", MILLIS, "user:ana@example.com", 43),
        new IdpChanged(
            EventIds.next(),
            "acme",
            "tenant-api-0",
            MILLIS,
            "api_key:k_123",
            "okta-main",
            IdpChanged.Change.UPDATED),
        new ApiKeyCreated(
            EventIds.next(), "acme", "tenant-api-0", MILLIS, "user:ana@example.com", "k_124"),
        new ApiKeyRevoked(
            EventIds.next(), "acme", "tenant-api-0", MILLIS, "user:ana@example.com", "k_123"),
        new MemberAdded(
            EventIds.next(),
            "acme",
            "tenant-api-0",
            MILLIS,
            "user:ana@example.com",
            "bo@example.com",
            MemberAdded.Role.MEMBER),
        new AuditDropped(
            EventIds.next(),
            "acme",
            "broker-1",
            MILLIS,
            1_204,
            Instant.parse("2025-03-01T10:14:02.500Z"),
            Instant.parse("2025-03-01T10:15:29.999Z")));
  }
}
