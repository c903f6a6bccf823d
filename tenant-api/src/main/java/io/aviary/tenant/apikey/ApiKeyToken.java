package io.aviary.tenant.apikey;

import io.aviary.service.secret.RandomIds;
import io.aviary.service.secret.Sha256;
import java.util.Optional;

/**
 * The text of an API key: {@code avk_<id>_<secret>}, where {@code id} is 8 base32 characters used
 * for lookup and {@code secret} is 40 base32 characters (200 bits). Only a SHA-256 of the whole
 * text is stored; a key this random needs no slow hash.
 */
public final class ApiKeyToken {

  /** Every key starts with this. */
  public static final String PREFIX = "avk_";

  static final int ID_LENGTH = 8;
  static final int SECRET_LENGTH = 40;

  private final String id;
  private final String text;

  private ApiKeyToken(String id, String text) {
    this.id = id;
    this.text = text;
  }

  /** A new random key. */
  public static ApiKeyToken generate() {
    String id = RandomIds.base32(ID_LENGTH);
    return new ApiKeyToken(id, PREFIX + id + "_" + RandomIds.base32(SECRET_LENGTH));
  }

  /** The key in {@code text}, or empty when it does not have the key format. */
  public static Optional<ApiKeyToken> parse(String text) {
    if (text == null || text.length() != PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH) {
      return Optional.empty();
    }
    if (!text.startsWith(PREFIX) || text.charAt(PREFIX.length() + ID_LENGTH) != '_') {
      return Optional.empty();
    }
    String id = text.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
    String secret = text.substring(PREFIX.length() + ID_LENGTH + 1);
    if (!RandomIds.isBase32(id) || !RandomIds.isBase32(secret)) {
      return Optional.empty();
    }
    return Optional.of(new ApiKeyToken(id, text));
  }

  /** The 8-character lookup id. */
  public String id() {
    return id;
  }

  /** The public part shown in lists: {@code avk_<id>}. */
  public String prefix() {
    return PREFIX + id;
  }

  /** The whole key; shown to its creator once. */
  public String reveal() {
    return text;
  }

  /** The stored digest. */
  public byte[] hash() {
    return Sha256.digest(text);
  }

  @Override
  public String toString() {
    return prefix() + "_…";
  }
}
