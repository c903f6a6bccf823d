package io.aviary.audit.pipeline.store;

import io.aviary.audit.event.AuditRecord;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One {@code audit_event} row: the columns the queries filter on, taken from the record, and the
 * event's JSON as it arrived.
 *
 * @param principal the identity: {@code principal}, an auth failure's {@code username}, or a tenant
 *     event's {@code actor}
 * @param topic an ACL verdict's topic, or a (un)subscription's filter
 * @param action an ACL verdict's action, a disconnect's kind, or an IdP change
 * @param reason an ACL verdict's or auth failure's reason code, a disconnect's reason, or the limit
 *     of a limit_exceeded
 * @param json the event document, valid v1 JSON
 */
public record EventRow(
    UUID eventId,
    String orgId,
    String type,
    Instant time,
    String nodeId,
    String clientId,
    String principal,
    String topic,
    String action,
    String verdict,
    String reason,
    String json) {

  /** The row of {@code record}, whose wire form is {@code json}. */
  public static EventRow of(AuditRecord record, String json) {
    String clientId = null;
    String principal = null;
    String topic = null;
    String action = null;
    String verdict = null;
    String reason = null;
    switch (record) {
      case ClientConnected e -> {
        clientId = e.clientId();
        principal = e.principal();
      }
      case AuthenticationFailed e -> {
        clientId = e.clientId();
        principal = e.username();
        reason = e.reason().code();
      }
      case AclDecided e -> {
        clientId = e.clientId();
        principal = e.principal();
        topic = e.topic();
        action = e.action().code();
        verdict = e.verdict().code();
        reason = e.reason().code();
      }
      case Subscribed e -> {
        clientId = e.clientId();
        principal = e.principal();
        topic = e.filter();
      }
      case Unsubscribed e -> {
        clientId = e.clientId();
        principal = e.principal();
        topic = e.filter();
      }
      case ClientDisconnected e -> {
        clientId = e.clientId();
        action = e.kind().code();
        reason = e.reason();
      }
      case LimitExceeded e -> {
        clientId = e.clientId();
        reason = e.limit().code();
      }
      case PolicyActivated e -> principal = e.actor();
      case IdpChanged e -> {
        principal = e.actor();
        action = e.change().code();
      }
      case ApiKeyCreated e -> principal = e.actor();
      case ApiKeyRevoked e -> principal = e.actor();
      case MemberAdded e -> principal = e.actor();
      case AuditDropped e -> {
        // routing metadata only: the count and window are in the document
      }
    }
    return new EventRow(
        record.eventId(),
        record.orgId(),
        record.type().code(),
        record.time(),
        record.nodeId(),
        clientId,
        principal,
        topic,
        action,
        verdict,
        reason,
        json);
  }

  /** The UTC day whose partition holds the row. */
  public LocalDate day() {
    return LocalDate.ofInstant(time, ZoneOffset.UTC);
  }
}
