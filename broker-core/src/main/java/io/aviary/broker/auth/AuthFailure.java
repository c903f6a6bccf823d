package io.aviary.broker.auth;

/** The closed set of authentication failure reasons reported in audit and metrics. */
public enum AuthFailure {
  MALFORMED,
  EXPIRED,
  NOT_YET_VALID,
  BAD_SIGNATURE,
  UNKNOWN_ISSUER,
  WRONG_AUDIENCE,
  UNKNOWN_ORG,
  WRONG_ORG,
  REVOKED,
  UNKNOWN_KEY,
  IDP_UNREACHABLE,
  CLIENT_ID_REJECTED,
  QUOTA_EXCEEDED,
  /** No credential was given and anonymous access is not enabled. */
  MISSING_CREDENTIALS;

  /** The reason as written in audit events and metric tags, e.g. {@code bad_signature}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
