package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.IdpConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Platform credentials: short-lived JWTs that tenant-api issues to service accounts. They are
 * checked like any IdP token, through a connection the broker builds per organization whose
 * required claims pin the token to that organization ({@code org_id}) and to MQTT use.
 */
public final class PlatformCredentials {
  /** The credential id that platform-issued identities carry. */
  public static final String CONNECTION_ID = "platform";

  /** Clock leeway for platform credentials: tenant-api and the brokers share a clock source. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private final TenantApiClient.Platform platform;
  private final ConcurrentHashMap<OrgId, IdpConnection> byOrg = new ConcurrentHashMap<>();

  public PlatformCredentials(TenantApiClient.Platform platform) {
    this.platform = platform;
  }

  /** The connection that verifies {@code org}'s platform credentials. */
  public IdpConnection connectionFor(OrgId org) {
    return byOrg.computeIfAbsent(org, this::connection);
  }

  private IdpConnection connection(OrgId org) {
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
        CLOCK_SKEW,
        true);
  }

  public String issuer() {
    return platform.issuer();
  }
}
