package io.aviary.tenant.oidc;

import io.aviary.service.secret.RandomIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Proof Key for Code Exchange (RFC 7636) with the S256 method, and the sign-in's random values. */
final class Pkce {

  /** 64 base32 characters, 320 random bits; RFC 7636 asks for 43 to 128 unreserved characters. */
  static final int VERIFIER_LENGTH = 64;

  /** 52 base32 characters, 260 random bits, for {@code state} and {@code nonce}. */
  static final int RANDOM_LENGTH = 52;

  private Pkce() {}

  static String verifier() {
    return RandomIds.base32(VERIFIER_LENGTH);
  }

  /** A random {@code state} or {@code nonce}. */
  static String random() {
    return RandomIds.base32(RANDOM_LENGTH);
  }

  /** {@code BASE64URL(SHA256(ASCII(verifier)))}, without padding. */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
