package io.aviary.tenant.oidc;

import io.aviary.service.secret.RandomIds;
import io.aviary.service.secret.Sha256;
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
    // The verifier is base32: its UTF-8 bytes are its ASCII ones.
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.digest(verifier));
  }
}
