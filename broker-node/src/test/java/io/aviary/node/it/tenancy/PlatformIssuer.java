package io.aviary.node.it.tenancy;

import io.aviary.broker.tenant.OrgId;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Stands in for tenant-api as the issuer of platform access tokens: an RSA key made for the test
 * run, its JWK Set served over HTTP on loopback (as tenant-api serves {@code
 * /.well-known/jwks.json}), and tokens shaped like tenant-api's (RS256, {@code aud} aviary-api,
 * {@code token_use}, {@code org_id}, the role in {@code groups}).
 */
public final class PlatformIssuer implements QuarkusTestResourceLifecycleManager {
  static final String ISSUER = "http://platform.test";
  private static final RsaJsonWebKey KEY = newKey("platform-test-1");

  private Vertx vertx;

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    String jwks = new JsonWebKeySet(KEY).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  if (request.path().equals("/.well-known/jwks.json")) {
                    request.response().putHeader("Content-Type", "application/json").end(jwks);
                  } else {
                    request.response().setStatusCode(404).end();
                  }
                });
    int port;
    try {
      port =
          server
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .actualPort();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the platform JWKS server", e);
    }
    return Map.of(
        "aviary.api.issuer",
        ISSUER,
        "aviary.api.jwks-uri",
        "http://127.0.0.1:" + port + "/.well-known/jwks.json");
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** A console user's access token for {@code org} with {@code role} (admin or member). */
  public static String accessToken(OrgId org, String role, String email) {
    return sign(KEY, claims(org, "usr_" + role + "test", role, "access", "aviary-api", email));
  }

  /** An access token of an API key ({@code avk_<id>}) for {@code org}. */
  static String apiKeyToken(OrgId org, String keyId, String role) {
    return sign(KEY, claims(org, "avk_" + keyId, role, "access", "aviary-api", null));
  }

  /** A service account's MQTT credential: same key and issuer, but not for the REST APIs. */
  static String mqttCredential(OrgId org) {
    return sign(KEY, claims(org, "sa_test", null, "mqtt", "aviary-mqtt", null));
  }

  /** An admin access token for {@code org} signed by a key the JWK Set does not hold. */
  static String forged(OrgId org) {
    return sign(
        newKey("platform-test-1"),
        claims(org, "usr_mallory", "admin", "access", "aviary-api", null));
  }

  private static JwtClaims claims(
      OrgId org, String subject, String role, String use, String audience, String email) {
    JwtClaims claims = new JwtClaims();
    Instant now = Instant.now();
    claims.setIssuer(ISSUER);
    claims.setSubject(subject);
    claims.setAudience(audience);
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 900));
    claims.setClaim("org_id", org.value());
    claims.setClaim("token_use", use);
    if (role != null) {
      claims.setStringListClaim("groups", List.of(role));
    }
    if (email != null) {
      claims.setClaim("email", email);
    }
    return claims;
  }

  private static String sign(RsaJsonWebKey key, JwtClaims claims) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RsaJsonWebKey newKey(String kid) {
    try {
      RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId(kid);
      key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      key.setUse("sig");
      return key;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
