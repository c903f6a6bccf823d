package io.aviary.service.secret;

import java.security.SecureRandom;

/**
 * Random identifiers and secrets in lowercase RFC 4648 base32 ({@code a-z2-7}): unambiguous, case
 * stable and safe in usernames, topics, URLs and shells.
 */
public final class RandomIds {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Length of the random part of an organization, IdP or service-account id. */
  public static final int ID_LENGTH = 12;

  private RandomIds() {}

  /** {@code length} random base32 characters (5 bits each). */
  public static String base32(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  /** {@code prefix} followed by 12 random base32 characters, e.g. {@code org_k7xm4pqr2n5t}. */
  public static String id(String prefix) {
    return prefix + base32(ID_LENGTH);
  }

  /** Whether every character is lowercase base32. */
  public static boolean isBase32(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
        return false;
      }
    }
    return true;
  }
}
