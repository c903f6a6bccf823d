package io.aviary.tenant.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * The platform's token signing keys. On first start an RSA 2048 key pair is generated and stored in
 * {@code platform_signing_key} (so every replica signs with the same key); later starts load it.
 * The newest active key signs; every active key is published in the JWKS.
 */
@ApplicationScoped
public class PlatformKeys {

  /** The JWS algorithm of every platform token. */
  public static final String ALGORITHM = "RS256";

  private static final Logger LOG = Logger.getLogger(PlatformKeys.class);
  private static final long KEY_LOCK = 0x6176_6961_7279_02L;

  private final EntityManager em;
  private volatile Loaded loaded;

  public PlatformKeys(EntityManager em) {
    this.em = em;
  }

  void onStart(@Observes StartupEvent event) {
    loaded();
  }

  /** The private key that signs new tokens. */
  public PrivateKey signingKey() {
    return loaded().signingKey;
  }

  /** The key id of the signing key, put into every token's {@code kid} header. */
  public String signingKeyId() {
    return loaded().signingKid;
  }

  /** The public JWK Set, as served at {@code /.well-known/jwks.json}. */
  public String jwksJson() {
    return loaded().jwksJson;
  }

  /** Resolves verification keys by {@code kid} among the published keys. */
  public VerificationKeyResolver verificationKeys() {
    return loaded().resolver;
  }

  private Loaded loaded() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        l = loaded;
        if (l == null) {
          l = QuarkusTransaction.requiringNew().call(this::loadOrCreate);
          loaded = l;
        }
      }
    }
    return l;
  }

  private Loaded loadOrCreate() {
    // Two replicas starting on an empty database must not both generate a key.
    em.createNativeQuery("select 1 from pg_advisory_xact_lock(?1)")
        .setParameter(1, KEY_LOCK)
        .getSingleResult();
    List<PlatformSigningKey> keys = PlatformSigningKey.active();
    if (keys.isEmpty()) {
      keys = List.of(generate());
    }
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      List<JsonWebKey> published = new ArrayList<>();
      for (PlatformSigningKey key : keys) {
        PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(key.publicKey));
        published.add(jwk(pub, key.kid));
      }
      PlatformSigningKey newest = keys.get(0);
      PrivateKey signing = rsa.generatePrivate(new PKCS8EncodedKeySpec(newest.privateKey));
      String jwks = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
      return new Loaded(
          signing, newest.kid, jwks, new JwksVerificationKeyResolver(List.copyOf(published)));
    } catch (GeneralSecurityException | JoseException e) {
      throw new IllegalStateException("The stored platform signing key cannot be read", e);
    }
  }

  private PlatformSigningKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      PlatformSigningKey key = new PlatformSigningKey();
      key.kid = jwk(pair.getPublic(), null).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
      key.algorithm = ALGORITHM;
      key.privateKey = pair.getPrivate().getEncoded();
      key.publicKey = pair.getPublic().getEncoded();
      key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
      key.persist();
      LOG.infof("Generated the platform token signing key %s", key.kid);
      return key;
    } catch (GeneralSecurityException | JoseException e) {
      throw new IllegalStateException("Cannot generate the platform signing key", e);
    }
  }

  private static PublicJsonWebKey jwk(PublicKey key, String kid) throws JoseException {
    PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
    if (kid != null) {
      jwk.setKeyId(kid);
      jwk.setAlgorithm(ALGORITHM);
      jwk.setUse("sig");
    }
    return jwk;
  }

  private record Loaded(
      PrivateKey signingKey,
      String signingKid,
      String jwksJson,
      VerificationKeyResolver resolver) {}
}
