package io.aviary.identity;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses organization CA certificates from PEM and checks that they can anchor client certificates;
 * tenant-api uses it to validate an upload and to fingerprint it.
 */
public final class CaCertificates {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final int MAX_PEM_CHARS = 256 * 1024;
  private static final int MAX_CERTIFICATES = 16;
  private static final int KEY_CERT_SIGN = 5;

  private CaCertificates() {}

  /**
   * An accepted CA certificate, described for the console.
   *
   * @param certificate the certificate
   * @param subject the subject DN (RFC 2253)
   * @param fingerprintSha256 upper-case, colon-separated SHA-256 of the DER, as openssl prints it
   * @param serialHex the serial number in lower-case hex
   * @param notBefore start of validity
   * @param notAfter end of validity
   */
  public record CaCertificate(
      X509Certificate certificate,
      String subject,
      String fingerprintSha256,
      String serialHex,
      Instant notBefore,
      Instant notAfter) {}

  /**
   * Every certificate in {@code pem}, in order.
   *
   * @throws CertificateFormatException if the text holds no certificate, a non-certificate block (a
   *     private key, say), or a certificate that does not parse
   */
  public static List<X509Certificate> parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new CertificateFormatException("No PEM text was given.");
    }
    if (pem.length() > MAX_PEM_CHARS) {
      throw new CertificateFormatException(
          "The PEM text is larger than " + MAX_PEM_CHARS / 1024 + " KiB.");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(pem);
    CertificateFactory factory = factory();
    int index = 0;
    while (matcher.find()) {
      index++;
      String type = matcher.group(1);
      if (type.contains("PRIVATE KEY")) {
        throw new CertificateFormatException(
            "Block " + index + " is a private key: upload only the CA certificate, never its key.");
      }
      if (!type.equals("CERTIFICATE")) {
        throw new CertificateFormatException(
            "Block " + index + " is a " + type + ", not a CERTIFICATE.");
      }
      if (certificates.size() >= MAX_CERTIFICATES) {
        throw new CertificateFormatException(
            "At most " + MAX_CERTIFICATES + " certificates may be uploaded at once.");
      }
      try {
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
        throw new CertificateFormatException(
            "Certificate " + index + " is not a valid X.509 certificate.", e);
      }
    }
    if (certificates.isEmpty()) {
      throw new CertificateFormatException(
          "No certificate found: expected -----BEGIN CERTIFICATE----- blocks.");
    }
    return certificates;
  }

  /**
   * Parses CA certificates for client authentication and checks each: basicConstraints CA=true,
   * keyCertSign when keyUsage is present, valid at {@code now}, RSA keys of at least 2048 bits.
   *
   * @throws CertificateFormatException naming the first certificate at fault and why
   */
  public static List<CaCertificate> parseAuthorities(String pem, Instant now) {
    List<CaCertificate> out = new ArrayList<>();
    int index = 0;
    for (X509Certificate certificate : parse(pem)) {
      index++;
      String subject = certificate.getSubjectX500Principal().getName();
      String which = "Certificate " + index + " (" + subject + ")";
      if (certificate.getBasicConstraints() < 0) {
        throw new CertificateFormatException(
            which + " is not a CA certificate: it lacks basicConstraints CA=true.");
      }
      boolean[] keyUsage = certificate.getKeyUsage();
      if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
        throw new CertificateFormatException(
            which + " may not sign certificates: its keyUsage lacks keyCertSign.");
      }
      Instant notBefore = certificate.getNotBefore().toInstant();
      Instant notAfter = certificate.getNotAfter().toInstant();
      if (now.isAfter(notAfter)) {
        throw new CertificateFormatException(which + " expired on " + notAfter + ".");
      }
      if (now.isBefore(notBefore)) {
        throw new CertificateFormatException(which + " is not valid before " + notBefore + ".");
      }
      if (certificate.getPublicKey() instanceof RSAPublicKey rsa
          && rsa.getModulus().bitLength() < JwsAlgorithms.MIN_RSA_BITS) {
        throw new CertificateFormatException(
            which + " has an RSA key of " + rsa.getModulus().bitLength() + " bits; 2048 needed.");
      }
      out.add(
          new CaCertificate(
              certificate,
              subject,
              fingerprintSha256(certificate),
              serialHex(certificate.getSerialNumber()),
              notBefore,
              notAfter));
    }
    return out;
  }

  /** Upper-case, colon-separated SHA-256 fingerprint of the DER encoding. */
  public static String fingerprintSha256(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("Cannot fingerprint a certificate", e);
    }
  }

  /** A fingerprint reduced to lower-case hex without separators, for comparisons. */
  static String normalizeFingerprint(String fingerprint) {
    return fingerprint.replaceAll("[^0-9A-Fa-f]", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** A serial number as lower-case hex. */
  public static String serialHex(BigInteger serial) {
    return serial.toString(16);
  }

  /**
   * Parses a serial number written in hex, with or without colons, spaces or a 0x prefix.
   *
   * @throws CertificateFormatException if it is not hex
   */
  public static BigInteger parseSerial(String hex) {
    String digits = hex.strip();
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      digits = digits.substring(2);
    }
    digits = digits.replace(":", "").replace(" ", "");
    if (digits.isEmpty() || digits.length() > 64 || !digits.matches("[0-9A-Fa-f]+")) {
      throw new CertificateFormatException(
          "'" + (hex.length() > 80 ? hex.substring(0, 80) : hex) + "' is not a hex serial number.");
    }
    return new BigInteger(digits, 16);
  }

  private static CertificateFactory factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("This JVM has no X.509 certificate factory", e);
    }
  }
}
