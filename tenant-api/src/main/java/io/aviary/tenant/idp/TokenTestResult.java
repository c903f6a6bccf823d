package io.aviary.tenant.idp;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aviary.identity.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a broker would make of a sample token: the identity it would get, or why it would be
 * refused. Either {@code connection_id}, {@code subject}, {@code bindings} and {@code expires_at},
 * or {@code reason} and {@code detail}, are present.
 *
 * @param verified whether a broker would accept the token as an MQTT password
 * @param connectionId the IdP connection that vouched for it
 * @param subject the stable subject ({@code user_id}, else {@code sub})
 * @param bindings the identity bindings ACL rules can use
 * @param expiresAt the token's {@code exp}
 * @param reason a closed-set failure reason
 * @param detail one sentence on what failed; never contains the token or a secret
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TokenTestResult", requiredProperties = "verified")
public record TokenTestResult(
    boolean verified,
    String connectionId,
    String subject,
    @Schema(
            description =
                "Exactly the bindings a broker derives from the token (user_id, email, role,"
                    + " agent_id, session_id and custom mappings; multi-valued claims keep every"
                    + " value), plus org_id, which the broker sets. The broker also sets username"
                    + " and client_id from the CONNECT packet; those cannot be known here and are"
                    + " absent.")
        Map<String, List<String>> bindings,
    Instant expiresAt,
    @Schema(
            enumeration = {
              "malformed",
              "expired",
              "not_yet_valid",
              "bad_signature",
              "unknown_issuer",
              "wrong_audience",
              "unknown_key",
              "idp_unreachable"
            })
        String reason,
    String detail) {

  /** The result for {@code verification} of a token presented to organization {@code orgId}. */
  static TokenTestResult of(String orgId, Verification verification) {
    return switch (verification) {
      case Verification.Verified ok -> {
        Map<String, List<String>> bindings = new TreeMap<>(ok.bindings());
        bindings.put("org_id", List.of(orgId));
        yield new TokenTestResult(
            true, ok.connectionId(), ok.subject(), bindings, ok.expiresAt(), null, null);
      }
      case Verification.Refused refused ->
          new TokenTestResult(
              false, null, null, null, null, refused.reason().code(), refused.detail());
    };
  }
}
