package io.aviary.broker.auth;

/** Outcome of authenticating a CONNECT: an identity, or a failure reason. */
public sealed interface AuthResult {
  /** The client is who it says. */
  record Allowed(Identity identity) implements AuthResult {}

  /** The client is refused, for {@code reason}. */
  record Denied(AuthFailure reason) implements AuthResult {}
}
