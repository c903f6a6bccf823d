package io.aviary.acl.service;

import static io.restassured.RestAssured.given;

import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;
import io.aviary.service.testing.PlatformTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import org.jose4j.jwt.JwtClaims;

/** Platform tokens as tenant-api signs them, and shortcuts for authenticated requests. */
final class TestApi {

  /** Matches {@code aviary.internal.token} in the test profile. */
  static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";

  private TestApi() {}

  /** A fresh organization id, so tests never share state. */
  static String newOrg() {
    return PlatformTokens.newOrg();
  }

  /**
   * A console user's access token of {@code org} with {@code role} ({@code admin} or {@code
   * member}); the user's email is {@link #email}.
   */
  static String token(String org, String role) {
    JwtClaims claims = PlatformTokens.accessClaims(org, role);
    claims.setStringClaim("email", email(org));
    return PlatformTokens.sign(claims);
  }

  /** The email address of the console user in {@link #token}. */
  static String email(String org) {
    return "admin@" + org.replace('_', '-') + ".example.com";
  }

  /** An admin access token of the API key {@code avk_<keyId>}: no email, as tenant-api signs it. */
  static String apiKeyToken(String org, String keyId) {
    JwtClaims claims = PlatformTokens.accessClaims(org, "admin");
    claims.setSubject("avk_" + keyId);
    return PlatformTokens.sign(claims);
  }

  static String admin(String org) {
    return token(org, "admin");
  }

  static String member(String org) {
    return token(org, "member");
  }

  /** A service-account MQTT credential: same key and issuer, audience {@code aviary-mqtt}. */
  static String mqttCredential(String org) {
    return PlatformTokens.sign(PlatformTokens.claims(org, "aviary-mqtt", "mqtt"));
  }

  /** An admin token signed by a key the platform never published. */
  static String forged(String org) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return PlatformTokens.sign(
        PlatformTokens.accessClaims(org, "admin"), generator.generateKeyPair().getPrivate());
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
}
