package io.aviary.service.testing;

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

/**
 * Platform tokens as tenant-api signs them, signed with {@link PlatformKeysResource}'s key (read
 * from {@code aviary-test.signing-key} in the running application's configuration). A service's
 * tests add the claims only they need to {@link #claims} and {@link #sign} the result.
 */
public final class PlatformTokens {

  private PlatformTokens() {}

  /** A fresh organization id, so tests never share state. */
  public static String newOrg() {
    return "org_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** An access token of {@code org} with {@code role} ({@code admin} or {@code member}). */
  public static String access(String org, String role) {
    return sign(accessClaims(org, role));
  }

  /** The claims of an access token of {@code org} with {@code role}, to add to before signing. */
  public static JwtClaims accessClaims(String org, String role) {
    JwtClaims claims = claims(org, "aviary-api", "access");
    claims.setStringListClaim("groups", List.of(role));
    return claims;
  }

  public static String member(String org) {
    return access(org, "member");
  }

  public static String admin(String org) {
    return access(org, "admin");
  }

  /**
   * The claims every platform token of {@code org} has: issuer, subject {@code usr_...}, {@code
   * audience}, five minutes of validity, a token id, {@code org_id} and {@code token_use}.
   */
  public static JwtClaims claims(String org, String audience, String use) {
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

  /** {@code claims} signed with the platform's test key. */
  public static String sign(JwtClaims claims) {
    return sign(claims, signingKey());
  }

  /** {@code claims} signed with {@code key} (a key the platform never published, for instance). */
  public static String sign(JwtClaims claims, PrivateKey key) {
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
        Path.of(
            ConfigProvider.getConfig()
                .getValue(PlatformKeysResource.SIGNING_KEY_PROPERTY, String.class));
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
