package io.aviary.tenant.auth;

import io.aviary.service.auth.PlatformToken;
import io.aviary.tenant.config.TenantConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Verifies bearer tokens for smallrye-jwt against the platform's own keys (which are generated at
 * run time, so they cannot be named in static configuration). Only access tokens pass: right
 * issuer, {@code aud=aviary-api}, {@code token_use=access}, an {@code org_id}; MQTT credentials
 * signed by the same key are refused here.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class PlatformTokenPrincipalFactory extends JWTCallerPrincipalFactory {

  private static final int CLOCK_SKEW_SECONDS = 30;

  private final PlatformKeys keys;
  private final TenantConfig config;

  public PlatformTokenPrincipalFactory(PlatformKeys keys, TenantConfig config) {
    this.keys = keys;
    this.config = config;
  }

  @Override
  public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo)
      throws ParseException {
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireSubject()
            .setRequireJwtId()
            .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
            .setExpectedIssuer(config.platform().issuer())
            .setExpectedAudience(PlatformToken.API_AUDIENCE)
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, PlatformKeys.ALGORITHM)
            .setVerificationKeyResolver(keys.verificationKeys())
            .build();
    try {
      JwtClaims claims = consumer.processToClaims(token);
      if (!"access".equals(claims.getStringClaimValue(PlatformToken.USE_CLAIM))
          || claims.getStringClaimValue(PlatformToken.ORG_CLAIM) == null) {
        throw new ParseException("Not a platform access token");
      }
      return new DefaultJWTCallerPrincipal(token, "JWT", claims);
    } catch (InvalidJwtException | MalformedClaimException e) {
      throw new ParseException("Invalid platform token", e);
    }
  }
}
