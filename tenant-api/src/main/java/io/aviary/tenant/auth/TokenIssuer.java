package io.aviary.tenant.auth;

import io.aviary.service.auth.Caller;
import io.aviary.service.auth.PlatformToken;
import io.aviary.service.auth.Role;
import io.aviary.service.secret.RandomIds;
import io.aviary.tenant.apikey.ApiKey;
import io.aviary.tenant.config.TenantConfig;
import io.aviary.tenant.metrics.TenantMetrics;
import io.aviary.tenant.org.ConsoleUser;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Signs platform tokens. Two kinds share the key and issuer and are kept apart by audience and
 * {@code token_use}: access tokens for this API ({@code aud=aviary-api}, {@code token_use=access})
 * and MQTT credentials for service accounts ({@code aud=aviary-mqtt}, {@code token_use=mqtt}).
 */
@ApplicationScoped
public class TokenIssuer {

  /** Audience of service-account MQTT credentials; brokers require it. */
  public static final String MQTT_AUDIENCE = "aviary-mqtt";

  private final PlatformKeys keys;
  private final TenantConfig config;
  private final TenantMetrics metrics;

  public TokenIssuer(PlatformKeys keys, TenantConfig config, TenantMetrics metrics) {
    this.keys = keys;
    this.config = config;
    this.metrics = metrics;
  }

  /** A console user's access token ({@code usr_...}), with the email audit events name them by. */
  public IssuedToken accessToken(ConsoleUser user) {
    return accessToken(user.id, user.orgId, Role.fromCode(user.role), user.email);
  }

  /** An API key's access token ({@code avk_<key id>}); keys have no email. */
  public IssuedToken accessToken(ApiKey key) {
    return accessToken(Caller.API_KEY_PREFIX + key.id, key.orgId, Role.fromCode(key.role), null);
  }

  private IssuedToken accessToken(String subject, String orgId, Role role, String email) {
    return sign(
        subject,
        orgId,
        PlatformToken.API_AUDIENCE,
        "access",
        config.platform().tokenTtl(),
        Set.of(role.code()),
        email);
  }

  /** An MQTT credential for a service account: the password of {@code <sa_id>@<org_id>}. */
  public IssuedToken mqttCredential(String serviceAccountId, String orgId, Duration ttl) {
    return sign(serviceAccountId, orgId, MQTT_AUDIENCE, "mqtt", ttl, Set.of(), null);
  }

  /**
   * Signs a platform token of kind {@code use}; {@code groups} is left out when empty, {@code
   * email} when null.
   */
  private IssuedToken sign(
      String subject,
      String orgId,
      String audience,
      String use,
      Duration ttl,
      Set<String> groups,
      String email) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(ttl);
    String jti = RandomIds.base32(26);
    JwtClaimsBuilder claims =
        Jwt.claims()
            .issuer(config.platform().issuer())
            .subject(subject)
            .audience(audience)
            .issuedAt(now)
            .expiresAt(exp)
            .claim("jti", jti)
            .claim(PlatformToken.ORG_CLAIM, orgId)
            .claim(PlatformToken.USE_CLAIM, use);
    if (!groups.isEmpty()) {
      claims.groups(groups);
    }
    if (email != null) {
      claims.claim(PlatformToken.EMAIL_CLAIM, email);
    }
    String token =
        claims
            .jws()
            .keyId(keys.signingKeyId())
            .algorithm(SignatureAlgorithm.RS256)
            .sign(keys.signingKey());
    metrics.tokenIssued(use);
    return new IssuedToken(token, jti, exp, ttl.toSeconds());
  }
}
