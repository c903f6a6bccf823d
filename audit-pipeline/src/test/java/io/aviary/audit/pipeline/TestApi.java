package io.aviary.audit.pipeline;

import static io.restassured.RestAssured.given;

import io.aviary.service.testing.PlatformKeysResource;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
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
public final class TestApi {

  private TestApi() {}

  /** A fresh organization id, so tests never share state. */
  public static String newOrg() {
    return "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** An access token of {@code org} with {@code role} ({@code admin} or {@code member}). */
  public static String token(String org, String role) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(PlatformKeysResource.ISSUER);
    claims.setSubject("usr_" + org.substring(4));
    claims.setAudience("aviary-api");
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setGeneratedJwtId();
    claims.setStringClaim("org_id", org);
    claims.setStringClaim("token_use", "access");
    claims.setStringListClaim("groups", List.of(role));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(signingKey());
    jws.setKeyIdHeaderValue(PlatformKeysResource.KEY_ID);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String member(String org) {
    return token(org, "member");
  }

  public static String admin(String org) {
    return token(org, "admin");
  }

  public static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
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
