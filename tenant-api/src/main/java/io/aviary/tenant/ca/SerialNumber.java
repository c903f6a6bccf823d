package io.aviary.tenant.ca;

import io.aviary.identity.CaCertificates;
import io.aviary.identity.CertificateFormatException;
import java.math.BigInteger;

/**
 * A certificate serial number in canonical form: lower-case hex without leading zeros, as {@code
 * BigInteger.toString(16)} prints it, so brokers compare {@code cert.getSerialNumber()} directly.
 */
public record SerialNumber(String hex) {

  /** RFC 5280 §4.1.2.2: at most 20 octets. */
  static final int MAX_BITS = 160;

  /**
   * Parses hex the way the identity module does ({@link CaCertificates#parseSerial}: optional
   * {@code 0x} prefix, {@code :} or space separators, e.g. {@code 0A:1B:FF}), and refuses serials
   * longer than 20 octets.
   *
   * @throws CertificateFormatException with a sentence saying what is wrong
   */
  public static SerialNumber parse(String text) {
    BigInteger value = CaCertificates.parseSerial(text);
    if (value.bitLength() > MAX_BITS) {
      throw new CertificateFormatException(
          "A certificate serial number has at most 20 octets (40 hex digits).");
    }
    return new SerialNumber(value.toString(16));
  }
}
