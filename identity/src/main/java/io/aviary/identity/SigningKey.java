package io.aviary.identity;

import java.security.PublicKey;

/**
 * One public verification key from a JWK Set, already screened: {@code use} is absent or {@code
 * sig}, RSA keys have at least {@value JwsAlgorithms#MIN_RSA_BITS} bits, and {@code oct} keys never
 * get this far.
 *
 * @param kid the key id, or null when the set holds this single key without one
 * @param kty RSA, EC or OKP
 * @param alg the algorithm the JWK declares, or null when it declares none
 * @param curve the EC curve ({@code P-256}, ...) or OKP subtype ({@code Ed25519}), else null
 * @param key the public key
 */
public record SigningKey(String kid, String kty, String alg, String curve, PublicKey key) {

  /** Why this key cannot verify a {@code jwsAlg} signature, or null when it can (VR-04). */
  String mismatch(String jwsAlg) {
    String neededType = JwsAlgorithms.keyType(jwsAlg);
    if (!neededType.equals(kty)) {
      return "key " + describe() + " is " + kty + " but " + jwsAlg + " needs " + neededType;
    }
    if (alg != null && !alg.equals(jwsAlg)) {
      return "key " + describe() + " is declared for " + alg + ", not " + jwsAlg;
    }
    String neededCurve = JwsAlgorithms.curve(jwsAlg);
    if (neededCurve != null && !neededCurve.equals(curve)) {
      return "key "
          + describe()
          + " is on curve "
          + curve
          + " but "
          + jwsAlg
          + " needs "
          + neededCurve;
    }
    if (jwsAlg.equals("EdDSA") && !("Ed25519".equals(curve) || "Ed448".equals(curve))) {
      return "key " + describe() + " is " + curve + ", not an EdDSA signing key";
    }
    return null;
  }

  private String describe() {
    return kid == null ? "(no kid)" : "'" + kid + "'";
  }
}
