package io.aviary.audit.event;

import java.util.Locale;

/** The {@code type} discriminator of an audit event, one per {@link AuditRecord} kind. */
public enum EventType implements WireCode {
  CONNECT,
  AUTH_FAILURE,
  ACL_VERDICT,
  SUBSCRIBE,
  UNSUBSCRIBE,
  DISCONNECT,
  LIMIT_EXCEEDED,
  POLICY_ACTIVATED,
  IDP_CHANGED,
  API_KEY_CREATED,
  API_KEY_REVOKED,
  MEMBER_ADDED,
  AUDIT_DROPPED;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }
}
