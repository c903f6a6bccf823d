package io.aviary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.keys.AesKey;
import org.jose4j.lang.JoseException;

/**
 * The browser's session: the platform access token sealed in a JWE ({@code dir}, {@code A256GCM})
 * under the console's key, so the browser carries it but can neither read nor alter it, and no
 * script can (the cookie is {@code HttpOnly}). Stateless: every replica with the key opens it.
 */
public final class SessionCookie {

  /** The cookie's name; the {@code __Host-} prefix pins it to this host, path / and Secure. */
  public static final String NAME = "__Host-aviary-session";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AlgorithmConstraints KEY_ALGORITHMS =
      new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.DIRECT);
  private static final AlgorithmConstraints CONTENT_ALGORITHMS =
      new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT,
          ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

  /** What a session holds: the token and when the session ends. */
  public record Session(String accessToken, Instant expiresAt) {}

  private final AesKey key;
  private final Duration maxAge;
  private final Clock clock;

  /**
   * @param base64Key 32 bytes, base64url or base64
   */
  public SessionCookie(String base64Key, Duration maxAge, Clock clock) {
    byte[] raw = decode(base64Key);
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "aviary.console.session-key must be 32 bytes, base64 (was " + raw.length + " bytes)");
    }
    this.key = new AesKey(raw);
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /**
   * The cookie value for a token that expires in {@code expiresIn}; the session ends then, or after
   * the maximum age, whichever comes first.
   */
  public Session sessionFor(String accessToken, Duration expiresIn) {
    Duration lasts = expiresIn.compareTo(maxAge) < 0 ? expiresIn : maxAge;
    return new Session(accessToken, clock.instant().plus(lasts));
  }

  /**
   * The {@code Set-Cookie} value carrying {@code sealed}: host-only, every path, HTTPS only
   * (browsers treat http://localhost as secure), out of scripts' reach, never sent by another site.
   */
  public static String setCookie(String sealed, long maxAgeSeconds) {
    return NAME
        + "="
        + sealed
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; Secure; HttpOnly; SameSite=Strict";
  }

  /** The {@code Set-Cookie} value that ends the session in the browser. */
  public static String clearCookie() {
    return setCookie("", 0);
  }

  /** {@code session} sealed into a {@code Set-Cookie} value lasting as long as the session. */
  public String setCookie(Session session) {
    long maxAge = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).toSeconds());
    return setCookie(seal(session), maxAge);
  }

  /** The sealed value of {@code session}. */
  public String seal(Session session) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("token", session.accessToken());
    payload.put("exp", session.expiresAt().getEpochSecond());
    JsonWebEncryption jwe = new JsonWebEncryption();
    jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
    jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
    jwe.setKey(key);
    jwe.setPayload(payload.toString());
    try {
      return jwe.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("sealing a session cannot fail with a valid key", e);
    }
  }

  /** The session in {@code value}, unless it is not ours, altered or over. */
  public Optional<Session> open(String value) {
    if (value == null || value.isEmpty() || value.length() > 8192) {
      return Optional.empty();
    }
    try {
      JsonWebEncryption jwe = new JsonWebEncryption();
      jwe.setAlgorithmConstraints(KEY_ALGORITHMS);
      jwe.setContentEncryptionAlgorithmConstraints(CONTENT_ALGORITHMS);
      jwe.setProviderContext(new ProviderContext());
      jwe.setCompactSerialization(value);
      jwe.setKey(key);
      JsonNode payload = JSON.readTree(jwe.getPayload());
      Instant expiresAt = Instant.ofEpochSecond(payload.path("exp").asLong(0));
      String token = payload.path("token").asText("");
      if (token.isEmpty() || !clock.instant().isBefore(expiresAt)) {
        return Optional.empty();
      }
      return Optional.of(new Session(token, expiresAt));
    } catch (JoseException | com.fasterxml.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private static byte[] decode(String base64Key) {
    try {
      return Base64.getUrlDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException notUrl) {
      return Base64.getDecoder().decode(base64Key.strip());
    }
  }
}
