package io.aviary.tenant.ca;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A revoked certificate.
 *
 * @param serial canonical lower-case hex
 * @param issuer issuer DN as given, or null
 * @param reason RFC 5280 reason
 * @param revokedAt when it was revoked
 */
public record RevocationView(
    String serial, @Schema(nullable = true) String issuer, String reason, Instant revokedAt) {

  static RevocationView of(Revocation r) {
    return new RevocationView(r.serial, r.issuer, r.reason, r.revokedAt);
  }
}
