package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.IdpConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Platform credentials: short-lived JWTs that tenant-api issues to service accounts. They are
 * checked like any IdP token, through a connection the broker builds per organization whose
 * required claims pin the token to that organization ({@code org_id}) and to MQTT use.
 */
public final class PlatformCredentials {
  /** The credential id that platform-issued identities carry. */
  public static final String CONNECTION_ID = "platform";

  private final TenantApiClient.Platform platform;

  public PlatformCredentials(TenantApiClient.Platform platform) {
    this.platform = platform;
  }

  /** The connection that verifies {@code org}'s platform credentials. */
  public IdpConnection connectionFor(OrgId org) {
    return new IdpConnection(
        CONNECTION_ID,
        org.value(),
        "platform",
        List.of(platform.issuer()),
        List.of(platform.mqttAudience()),
        Set.of("RS256", "ES256"),
        null,
        platform.jwksUri(),
        null,
        Map.of("user_id", "sub"),
        Map.of("org_id", List.of(org.value()), "token_use", List.of("mqtt")),
        List.of(),
        Set.of("JWT", ""),
        Duration.ofSeconds(30),
        true);
  }

  public String issuer() {
    return platform.issuer();
  }
}
