package io.aviary.identity;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Reads a JWK Set, keeping only keys the verifier may use and saying why each other one was
 * skipped: malformed entries never make the whole set fail (VR-36).
 */
final class JwkSetParser {
  /** Entries past this many are ignored; no IdP publishes more than a handful. */
  static final int MAX_KEYS = 100;

  private JwkSetParser() {}

  record Parsed(List<SigningKey> keys, List<ProbeReport.Key> report, List<String> problems) {}

  /**
   * Parses {@code body}.
   *
   * @throws IllegalArgumentException if the body is not a JSON object with a {@code keys} array
   */
  static Parsed parse(byte[] body) {
    Map<String, Object> document;
    try {
      document = JsonUtil.parseJson(new String(body, StandardCharsets.UTF_8));
    } catch (JoseException | RuntimeException e) {
      document = null;
    }
    if (document == null || !(document.get("keys") instanceof List<?> entries)) {
      throw new IllegalArgumentException("the JWK Set is not a JSON object with a 'keys' array");
    }
    List<SigningKey> keys = new ArrayList<>();
    List<ProbeReport.Key> report = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    int index = 0;
    for (Object entry : entries) {
      if (index++ >= MAX_KEYS) {
        problems.add("The JWK Set has more than " + MAX_KEYS + " keys; the rest were ignored.");
        break;
      }
      if (!(entry instanceof Map<?, ?> raw)) {
        report.add(new ProbeReport.Key(null, null, null, false, "not a JSON object"));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> jwk = (Map<String, Object>) raw;
      String kid = jwk.get("kid") instanceof String s ? s : null;
      String kty = jwk.get("kty") instanceof String s ? s : null;
      String alg = jwk.get("alg") instanceof String s ? s : null;
      String skip = screen(jwk, kid, kty, alg, kids);
      SigningKey key = null;
      if (skip == null) {
        try {
          key = toSigningKey(jwk, kid, kty, alg);
        } catch (JoseException | RuntimeException e) {
          skip = "malformed " + kty + " key";
        }
      }
      if (key != null && key.key() instanceof RSAPublicKey rsa) {
        int bits = rsa.getModulus().bitLength();
        if (bits < JwsAlgorithms.MIN_RSA_BITS) {
          skip = "RSA key of " + bits + " bits; at least " + JwsAlgorithms.MIN_RSA_BITS + " needed";
          key = null;
        }
      }
      String note = jwk.containsKey("d") ? "the JWK Set publishes private key material" : null;
      if (note != null) {
        problems.add("Key " + label(kid) + " includes private key material; rotate that key.");
      }
      if (key == null) {
        report.add(new ProbeReport.Key(kid, kty, alg, false, skip));
      } else {
        if (kid != null) {
          kids.add(kid);
        }
        keys.add(key);
        report.add(new ProbeReport.Key(kid, kty, alg, true, note));
      }
    }
    // A key without a kid cannot be picked out of several (VR-05, VR-36).
    if (keys.size() > 1 && keys.stream().anyMatch(k -> k.kid() == null)) {
      keys.removeIf(k -> k.kid() == null);
      problems.add("Keys without a kid were skipped because the set holds several keys.");
    }
    return new Parsed(keys, report, problems);
  }

  private static String screen(
      Map<String, Object> jwk, String kid, String kty, String alg, Set<String> kids) {
    if (kty == null) {
      return "no kty";
    }
    if (kty.equals("oct")) {
      return "symmetric (oct) keys in a JWK Set are never used";
    }
    if (!kty.equals("RSA") && !kty.equals("EC") && !kty.equals("OKP")) {
      return "unsupported key type " + kty;
    }
    Object use = jwk.get("use");
    if (use != null && !"sig".equals(use)) {
      return "use is '" + use + "', not 'sig'";
    }
    if (jwk.get("key_ops") instanceof List<?> ops && !ops.contains("verify")) {
      return "key_ops does not include 'verify'";
    }
    if (jwk.containsKey("alg") && (alg == null || !JwsAlgorithms.SUPPORTED.contains(alg))) {
      return "alg '" + jwk.get("alg") + "' is not a supported signature algorithm";
    }
    if (alg != null && JwsAlgorithms.isHmac(alg)) {
      return "an HMAC algorithm on a public key";
    }
    if (jwk.containsKey("kid") && kid == null) {
      return "kid is not a string";
    }
    if (kid != null && kids.contains(kid)) {
      return "duplicate kid; the first key with it is used";
    }
    return null;
  }

  private static SigningKey toSigningKey(
      Map<String, Object> jwk, String kid, String kty, String alg) throws JoseException {
    JsonWebKey parsed = JsonWebKey.Factory.newJwk(jwk);
    if (!(parsed instanceof PublicJsonWebKey publicJwk)) {
      throw new JoseException("not a public key");
    }
    PublicKey publicKey = publicJwk.getPublicKey();
    if (publicKey == null) {
      throw new JoseException("no public key");
    }
    String curve = null;
    if (parsed instanceof EllipticCurveJsonWebKey ec) {
      curve = ec.getCurveName();
    } else if (parsed instanceof OctetKeyPairJsonWebKey okp) {
      curve = okp.getSubtype();
    }
    return new SigningKey(kid, kty, alg, curve, publicKey);
  }

  private static String label(String kid) {
    return kid == null ? "(no kid)" : "'" + kid + "'";
  }
}
