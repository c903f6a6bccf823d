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

  /**
   * The ACL policy refused a publish, a subscription or a will, or removed a subscription after a
   * policy change.
   *
   * @param action publish, subscribe, will, or subscription_removed
   * @param topic the topic name or filter (never the payload)
   * @param rule the deciding rule's name or JSON pointer, or {@code default}
   * @param reason why: rule, default, qos_not_allowed, retain_not_allowed, filter_too_wide
   * @param policyVersion the version of the organization's policy that decided
   */
  record AclDenied(
      Instant time,
      OrgId org,
      String clientId,
      String principal,
      String action,
      String topic,
      int qos,
      String rule,
      String reason,
      long policyVersion)
      implements AuditEvent {}

  /** A client broke the protocol and was disconnected with {@code reasonCode}. */
  record ProtocolViolated(
      Instant time, OrgId org, String clientId, String remoteAddress, int reasonCode, String detail)
      implements AuditEvent {}
}
