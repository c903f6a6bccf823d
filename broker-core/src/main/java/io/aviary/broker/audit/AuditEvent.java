package io.aviary.broker.audit;

import io.aviary.broker.tenant.OrgId;
import java.time.Instant;

/**
 * A security-relevant broker event. Events carry routing metadata only, never payloads or
 * credentials. The Kafka-backed schema arrives with the audit pipeline; these records are its
 * broker-side shape.
 */
public sealed interface AuditEvent {
  Instant time();

  /** The organization the event belongs to, or null when the client named none that exists. */
  OrgId org();

  String clientId();

  /** A client connected. */
  record ClientConnected(
      Instant time,
      OrgId org,
      String clientId,
      String principal,
      String remoteAddress,
      String listener,
      int protocolVersion,
      boolean sessionPresent)
      implements AuditEvent {}

  /** A client's connection ended; {@code kind} is clean, ungraceful, taken_over, kicked, ... */
  record ClientDisconnected(Instant time, OrgId org, String clientId, String kind, String reason)
      implements AuditEvent {}

  /** A CONNECT was refused. */
  record AuthenticationFailed(
      Instant time, OrgId org, String clientId, String remoteAddress, String reason)
      implements AuditEvent {}

  /** A client broke the protocol and was disconnected with {@code reasonCode}. */
  record ProtocolViolated(
      Instant time, OrgId org, String clientId, String remoteAddress, int reasonCode, String detail)
      implements AuditEvent {}
}
