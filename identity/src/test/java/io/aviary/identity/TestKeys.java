package io.aviary.identity;

import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Key pairs for tests, generated once per JVM (RSA generation is slow). */
final class TestKeys {
  static final RsaJsonWebKey RSA_A = rsa("rsa-a", 2048);
  static final RsaJsonWebKey RSA_B = rsa("rsa-b", 2048);
  static final RsaJsonWebKey ATTACKER = rsa("attacker", 2048);
  static final EllipticCurveJsonWebKey EC_A = ec("ec-a", false);
  static final EllipticCurveJsonWebKey EC_P384 = ec("ec-384", true);

  private TestKeys() {}

  static RsaJsonWebKey rsa(String kid, int bits) {
    try {
      RsaJsonWebKey key = RsaJwkGenerator.generateJwk(bits);
      key.setKeyId(kid);
      return key;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  static EllipticCurveJsonWebKey ec(String kid, boolean p384) {
    try {
      EllipticCurveJsonWebKey key =
          EcJwkGenerator.generateJwk(p384 ? EllipticCurves.P384 : EllipticCurves.P256);
      key.setKeyId(kid);
      return key;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  static OctetKeyPairJsonWebKey ed25519(String kid) {
    try {
      OctetKeyPairJsonWebKey key =
          OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
      key.setKeyId(kid);
      return key;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK Set of {@code keys}. */
  static String jwks(JsonWebKey... keys) {
    List<String> entries = new ArrayList<>();
    for (JsonWebKey key : keys) {
      entries.add(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
    return "{\"keys\":[" + String.join(",", entries) + "]}";
  }
}
