package io.aviary.tenant.change;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What changed in an organization's broker configuration. Brokers treat every kind as "refetch this
 * organization's broker-config"; the kind only says which cache is most likely stale.
 */
public enum ChangeKind {
  /** An IdP connection was created or updated. */
  IDP_CHANGED,
  /** An IdP connection was deleted. */
  IDP_REMOVED,
  /** The organization CA was set, replaced or removed. */
  CA_CHANGED,
  /** A client certificate was revoked. */
  REVOCATION_ADDED,
  /** A client certificate revocation was withdrawn. */
  REVOCATION_REMOVED,
  /** Quotas changed. */
  QUOTA_CHANGED,
  /** Audit settings changed (how allowed publishes are recorded, retention). */
  AUDIT_SETTINGS_CHANGED,
  /** The organization was created, its status changed, or a service account came or went. */
  ORG_CHANGED;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
