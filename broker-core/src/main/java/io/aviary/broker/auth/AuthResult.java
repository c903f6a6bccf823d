package io.aviary.broker.auth;

import io.aviary.broker.tenant.OrgId;

/** Outcome of authenticating a CONNECT: an identity, or a failure reason. */
public sealed interface AuthResult {
  /** The client is who it says. */
  record Allowed(Identity identity) implements AuthResult {}

  /**
   * The client is refused, for {@code reason}.
   *
   * @param org the organization the client named, when it exists (for its audit trail), else null
   * @param detail a sentence for logs and operators; never a credential
   */
  record Denied(AuthFailure reason, OrgId org, String detail) implements AuthResult {
    public Denied(AuthFailure reason) {
      this(reason, null, reason.code());
    }
  }
}
