package io.aviary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Seals a cookie's JSON payload in a JWE ({@code dir}, {@code A256GCM}) under the console's key, so
 * the browser carries it but can neither read nor alter it. Each payload names its {@code use}, so
 * that a value sealed for one cookie never opens as another.
 */
final class CookieSeal {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_VALUE = 8192;
  private static final AlgorithmConstraints KEY_ALGORITHMS =
      new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.DIRECT);
  private static final AlgorithmConstraints CONTENT_ALGORITHMS =
      new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT,
          ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

  private final AesKey key;

  /**
   * @param base64Key 32 bytes, base64url or base64
   */
  CookieSeal(String base64Key) {
    byte[] raw = decode(base64Key);
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "aviary.console.session-key must be 32 bytes, base64 (was " + raw.length + " bytes)");
    }
    this.key = new AesKey(raw);
  }

  /** {@code payload}, marked for {@code use}, sealed. */
  String seal(String use, ObjectNode payload) {
    ObjectNode marked = payload.deepCopy();
    marked.put("use", use);
    JsonWebEncryption jwe = new JsonWebEncryption();
    jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
    jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
    jwe.setKey(key);
    jwe.setPayload(marked.toString());
    try {
      return jwe.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("sealing cannot fail with a valid key", e);
    }
  }

  /** The payload sealed for {@code use} in {@code value}, unless it is not ours or altered. */
  Optional<JsonNode> open(String use, String value) {
    return open(use, value, false);
  }

  /**
   * Also opens a payload sealed before payloads named their use, when {@code unmarkedToo}: session
   * cookies issued by earlier versions stay valid until they expire.
   */
  Optional<JsonNode> open(String use, String value, boolean unmarkedToo) {
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE) {
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
      String marked = payload.path("use").asText(null);
      return use.equals(marked) || (unmarkedToo && marked == null)
          ? Optional.of(payload)
          : Optional.empty();
    } catch (JoseException | com.fasterxml.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static byte[] decode(String base64Key) {
    try {
      return Base64.getUrlDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException notUrl) {
      return Base64.getDecoder().decode(base64Key.strip());
    }
  }
}
