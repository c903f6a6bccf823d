package io.aviary.acl.service;

import static io.restassured.RestAssured.given;

import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;
import io.aviary.service.testing.PlatformKeysResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** Platform tokens as tenant-api signs them, and shortcuts for authenticated requests. */
final class TestApi {

  /** Matches {@code aviary.internal.token} in the test profile. */
  static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

  private TestApi() {}

  /** A fresh organization id, so tests never share state. */
  static String newOrg() {
    return "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /**
   * A console user's access token of {@code org} with {@code role} ({@code admin} or {@code
   * member}); the user's email is {@link #email}.
   */
  static String token(String org, String role) {
    JwtClaims claims = access(org, role);
    claims.setStringClaim("email", email(org));
    return sign(claims, signingKey());
  }

  /** The email address of the console user in {@link #token}. */
  static String email(String org) {
    return "admin@" + org.replace('_', '-') + ".example.com";
  }

  /** An admin access token of the API key {@code avk_<keyId>}: no email, as tenant-api signs it. */
  static String apiKeyToken(String org, String keyId) {
    JwtClaims claims = access(org, "admin");
    claims.setSubject("avk_" + keyId);
    return sign(claims, signingKey());
  }

  static String admin(String org) {
    return token(org, "admin");
  }

  static String member(String org) {
    return token(org, "member");
  }

  /** A service-account MQTT credential: same key and issuer, audience {@code aviary-mqtt}. */
  static String mqttCredential(String org) {
    return sign(claims(org, "aviary-mqtt", "mqtt"), signingKey());
  }

  /** An admin token signed by a key the platform never published. */
  static String forged(String org) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return sign(access(org, "admin"), generator.generateKeyPair().getPrivate());
  }

  static RequestSpecification as(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  static RequestSpecification internal() {
    return given().header("Authorization", "Bearer " + INTERNAL_TOKEN);
  }

  /** The canonical document of a preset template. */
  static String template(String id) {
    return PolicyDocument.write(Templates.get(id).orElseThrow().policy());
  }

  /** The claims of an access token of {@code org} with {@code role}, without an email. */
  private static JwtClaims access(String org, String role) {
    JwtClaims claims = claims(org, "aviary-api", "access");
    claims.setStringListClaim("groups", List.of(role));
    return claims;
  }

  private static JwtClaims claims(String org, String audience, String use) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(PlatformKeysResource.ISSUER);
    claims.setSubject("usr_" + org.substring(4));
    claims.setAudience(audience);
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setGeneratedJwtId();
    claims.setStringClaim("org_id", org);
    claims.setStringClaim("token_use", use);
    return claims;
  }

  private static String sign(JwtClaims claims, PrivateKey key) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setKeyIdHeaderValue(PlatformKeysResource.KEY_ID);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey signingKey() {
    Path file =
        Path.of(ConfigProvider.getConfig().getValue("aviary-test.signing-key", String.class));
    try {
      byte[] der = Base64.getDecoder().decode(Files.readString(file).strip());
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
