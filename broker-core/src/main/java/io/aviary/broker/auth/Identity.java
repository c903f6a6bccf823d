package io.aviary.broker.auth;

import io.aviary.broker.tenant.OrgId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who a connection is once authenticated: the organization it belongs to, a principal, and the
 * bindings (claims mapped to ACL variables such as {@code user_id}, {@code email}, {@code role})
 * that policies may use. Binding values are literals.
 *
 * @param org the organization; every topic of the session lives in its namespace
 * @param principal the stable subject, e.g. the token's {@code sub} or the certificate's CN
 * @param bindings ACL variables by name without braces; multi-valued ones keep every value
 * @param expiresAt when the credential expires and the session must end, or null for never
 * @param credential what vouched for it: an IdP connection id, {@code platform} or {@code
 *     certificate}
 */
public record Identity(
    OrgId org,
    String principal,
    Map<String, List<String>> bindings,
    Instant expiresAt,
    String credential) {

  public Identity {
    bindings = Map.copyOf(bindings);
  }
}
