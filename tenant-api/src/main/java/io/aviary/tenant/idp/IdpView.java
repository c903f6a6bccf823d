package io.aviary.tenant.idp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An IdP connection as the public API shows it: never the secret, only whether one is set. {@code
 * issuer} and {@code audience} repeat the first of {@code issuers} and {@code audiences}.
 */
public record IdpView(
    String id,
    String name,
    String preset,
    @Schema(nullable = true) String issuer,
    List<String> issuers,
    @Schema(nullable = true) String audience,
    List<String> audiences,
    List<String> algorithms,
    @Schema(nullable = true) String discoveryUrl,
    @Schema(nullable = true) String jwksUrl,
    boolean hs256SecretSet,
    Map<String, String> claimMappings,
    Map<String, List<String>> requiredClaims,
    List<String> authorizedParties,
    List<String> acceptedTypes,
    int clockSkewSeconds,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  static IdpView of(IdpConnectionEntity e) {
    return new IdpView(
        e.id,
        e.name,
        e.preset,
        e.issuers.isEmpty() ? null : e.issuers.get(0),
        e.issuers,
        e.audiences.isEmpty() ? null : e.audiences.get(0),
        e.audiences,
        e.algorithms,
        e.discoveryUrl,
        e.jwksUrl,
        e.hs256Secret != null,
        e.claimMappings,
        e.requiredClaims,
        e.authorizedParties,
        e.acceptedTypes,
        e.clockSkewSeconds,
        e.enabled,
        e.createdAt,
        e.updatedAt);
  }
}
