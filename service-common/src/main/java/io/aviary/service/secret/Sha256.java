package io.aviary.service.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, for high-entropy secrets (API keys, the internal token) and fingerprints. */
public final class Sha256 {

  private Sha256() {}

  public static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
    }
  }

  public static byte[] digest(String text) {
    return digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Constant-time comparison of two secrets of any length (compares their digests). */
  public static boolean secretsEqual(String a, String b) {
    return MessageDigest.isEqual(digest(a), digest(b));
  }
}
