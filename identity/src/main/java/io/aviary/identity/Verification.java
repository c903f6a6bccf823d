package io.aviary.identity;

import io.aviary.broker.auth.AuthFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The outcome of checking a credential: who it names, or why it was refused. */
public sealed interface Verification {

  /**
   * A valid credential.
   *
   * @param connectionId the IdP connection (or {@code platform}) that vouched for it
   * @param subject the stable subject, namespaced by nothing: the raw {@code sub} (or mapped user
   *     id)
   * @param bindings identity bindings for the ACL engine, by name without braces ({@code user_id},
   *     {@code email}, {@code role}, ...); multi-valued claims (roles, groups) keep every value;
   *     values are literals and never widen a topic match
   * @param expiresAt when the credential stops being valid (the token's {@code exp}), or null
   */
  record Verified(
      String connectionId, String subject, Map<String, List<String>> bindings, Instant expiresAt)
      implements Verification {
    public Verified {
      bindings = Map.copyOf(bindings);
    }
  }

  /**
   * A refused credential.
   *
   * @param reason the closed-set reason for audit and metrics
   * @param detail a sentence for logs and the "test token" tool; never contains the token or a
   *     secret
   */
  record Refused(AuthFailure reason, String detail) implements Verification {}
}
