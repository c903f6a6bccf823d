package io.aviary.tenant.idp;

import io.aviary.identity.ConnectionProbe;
import io.aviary.identity.IssuerDirectory;
import io.aviary.identity.KeySetCache;
import io.aviary.identity.TokenVerifier;
import io.aviary.tenant.config.TenantConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * CDI producers for the identity module's verifier, key cache and connection probe, as the "test
 * connection" and "test token" tools use them. Plain http IdP URLs are fetched only in dev mode,
 * matching what IdP connections may hold there.
 */
public class IdentityBeans {

  @Produces
  @Singleton
  KeySetCache keySetCache(TenantConfig config) {
    return KeySetCache.builder().allowInsecureHttp(config.devMode()).build();
  }

  /**
   * Knows no other organization's issuers on purpose: telling a tenant that its token belongs to
   * another organization ({@code wrong_org}) would reveal who else trusts that issuer.
   */
  @Produces
  @Singleton
  TokenVerifier tokenVerifier(KeySetCache keys) {
    return new TokenVerifier(
        keys, Clock.systemUTC(), TokenVerifier.DEFAULT_MAX_TOKEN_BYTES, IssuerDirectory.none());
  }

  @Produces
  @Singleton
  ConnectionProbe connectionProbe(KeySetCache keys) {
    return ConnectionProbe.like(keys);
  }
}
