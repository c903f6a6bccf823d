package io.aviary.identity;

import java.util.Locale;
import java.util.Set;

/**
 * The JWS algorithms the verifier implements, and which key each needs. {@code none} is not one of
 * them and never will be.
 */
public final class JwsAlgorithms {
  /** Every algorithm a connection may list. */
  public static final Set<String> SUPPORTED =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
          "HS256", "HS384", "HS512");

  /** Smallest RSA modulus accepted, in bits. */
  public static final int MIN_RSA_BITS = 2048;

  private JwsAlgorithms() {}

  /** Whether {@code alg} is {@code none} in any spelling. */
  public static boolean isNone(String alg) {
    return alg != null && alg.strip().toLowerCase(Locale.ROOT).equals("none");
  }

  /** Whether {@code alg} is an HMAC algorithm (shared secret, never a JWKS key). */
  public static boolean isHmac(String alg) {
    return alg.equals("HS256") || alg.equals("HS384") || alg.equals("HS512");
  }

  /** The smallest HMAC secret for {@code alg}, in bytes: the hash output size (RFC 7518 §3.2). */
  public static int minimumSecretBytes(String alg) {
    return switch (alg) {
      case "HS384" -> 48;
      case "HS512" -> 64;
      default -> 32;
    };
  }

  /** The JWK {@code kty} that {@code alg} needs: RSA, EC, OKP or oct. */
  static String keyType(String alg) {
    if (alg.startsWith("RS") || alg.startsWith("PS")) {
      return "RSA";
    }
    if (alg.startsWith("ES")) {
      return "EC";
    }
    if (alg.equals("EdDSA")) {
      return "OKP";
    }
    return "oct";
  }

  /** The EC curve {@code alg} needs, or null when it is not an EC algorithm. */
  static String curve(String alg) {
    return switch (alg) {
      case "ES256" -> "P-256";
      case "ES384" -> "P-384";
      case "ES512" -> "P-521";
      default -> null;
    };
  }
}
