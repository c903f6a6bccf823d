package io.aviary.identity;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Builds test tokens: claims and header fields set freely, signed with jose4j. */
final class Jwt {
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims = new LinkedHashMap<>();

  private Jwt() {}

  /** A token with {@code iss}, {@code sub}, {@code aud} and a one-hour life from {@code now}. */
  static Jwt token(String issuer, String audience, Instant now) {
    Jwt jwt = new Jwt();
    jwt.claims.put("iss", issuer);
    jwt.claims.put("sub", "user-1");
    if (audience != null) {
      jwt.claims.put("aud", audience);
    }
    jwt.claims.put("iat", now.getEpochSecond());
    jwt.claims.put("exp", now.getEpochSecond() + 3600);
    return jwt;
  }

  static Jwt empty() {
    return new Jwt();
  }

  Jwt claim(String name, Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  Jwt without(String name) {
    claims.remove(name);
    return this;
  }

  Jwt header(String name, Object value) {
    if (value == null) {
      header.remove(name);
    } else {
      header.put(name, value);
    }
    return this;
  }

  /** Signs with {@code key}'s private key, its kid in the header unless one was set. */
  String sign(PublicJsonWebKey key, String alg) {
    header.putIfAbsent("kid", key.getKeyId());
    return sign(key.getPrivateKey(), alg);
  }

  String hs256(byte[] secret) {
    return sign(new HmacKey(secret), "HS256");
  }

  String sign(Key key, String alg) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(JsonUtil.toJson(claims));
      jws.setAlgorithmHeaderValue(alg);
      header.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
      jws.setKey(key);
      jws.setDoKeyValidation(false);
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured token with the given alg header spelling and signature segment. */
  String unsigned(String alg, String signature) {
    Map<String, Object> h = new LinkedHashMap<>(header);
    h.put("alg", alg);
    return b64(JsonUtil.toJson(h)) + "." + b64(JsonUtil.toJson(claims)) + "." + signature;
  }

  /** Header and payload exactly as given, with a dummy signature. */
  static String raw(String headerJson, String payloadJson) {
    return b64(headerJson) + "." + b64(payloadJson) + ".c2ln";
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> list(String... values) {
    return List.of(values);
  }
}
