package io.aviary.tenant.ca;

import io.aviary.identity.CaCertificates;
import io.aviary.identity.CertificateFormatException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * An organization's CA bundle: one or more PEM {@code CERTIFICATE} blocks, each a CA certificate
 * that can anchor client certificates. Parsing and the CA checks are the identity module's {@link
 * CaCertificates#parseAuthorities}; this class adds the bundle rules of the tenant API (at most
 * {@value #MAX_CERTIFICATES} certificates, no duplicates, no unterminated or malformed block) and
 * the canonical PEM and descriptions the API returns. A bundle that exists is valid.
 */
public final class CaBundle {

  /** Most certificates in one bundle. */
  public static final int MAX_CERTIFICATES = 10;

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ");
  private static final Pattern END = Pattern.compile("-----END ");

  private final List<X509Certificate> certificates;

  private CaBundle(List<X509Certificate> certificates) {
    this.certificates = List.copyOf(certificates);
  }

  /**
   * Parses and checks an uploaded PEM bundle at {@code now}.
   *
   * @throws CertificateFormatException with a sentence naming the certificate and the problem
   */
  public static CaBundle parse(String pem, Instant now) {
    if (pem != null) {
      int begins = count(BEGIN, pem);
      if (begins > MAX_CERTIFICATES) {
        throw new CertificateFormatException(
            "At most " + MAX_CERTIFICATES + " certificates are accepted in a CA bundle.");
      }
      if (begins != count(END, pem)) {
        throw new CertificateFormatException("The bundle has an unterminated PEM block.");
      }
    }
    List<CaCertificates.CaCertificate> parsed = CaCertificates.parseAuthorities(pem, now);
    // identity skips a block it cannot read when others parse; a bundle must not lose one silently
    if (parsed.size() != count(BEGIN, pem)) {
      throw new CertificateFormatException(
          "The bundle has a malformed PEM block (only base64 may stand between BEGIN and END).");
    }
    Set<String> fingerprints = new HashSet<>();
    List<X509Certificate> certificates = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      CaCertificates.CaCertificate ca = parsed.get(i);
      if (!fingerprints.add(ca.fingerprintSha256())) {
        throw new CertificateFormatException(
            "Certificate " + (i + 1) + " (" + ca.subject() + ") is a duplicate.");
      }
      certificates.add(ca.certificate());
    }
    return new CaBundle(certificates);
  }

  /** A stored bundle: it was valid when stored, but may have expired since, so only parsed. */
  public static CaBundle stored(String pem) {
    return new CaBundle(CaCertificates.parse(pem));
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** The certificates re-encoded as canonical PEM, one block each. */
  public List<String> pemBlocks() {
    Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    List<String> out = new ArrayList<>();
    for (X509Certificate cert : certificates) {
      out.add(
          "-----BEGIN CERTIFICATE-----\n"
              + encoder.encodeToString(der(cert))
              + "\n-----END CERTIFICATE-----\n");
    }
    return out;
  }

  /** All certificates as one canonical PEM text. */
  public String pem() {
    return String.join("", pemBlocks());
  }

  /** A description of each certificate. */
  public List<CertificateInfo> describe() {
    return certificates.stream().map(CaBundle::info).toList();
  }

  private static CertificateInfo info(X509Certificate cert) {
    int pathLength = cert.getBasicConstraints();
    X500Principal subject = cert.getSubjectX500Principal();
    X500Principal issuer = cert.getIssuerX500Principal();
    return new CertificateInfo(
        subject.getName(X500Principal.RFC2253),
        issuer.getName(X500Principal.RFC2253),
        CaCertificates.serialHex(cert.getSerialNumber()),
        cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(),
        CaCertificates.fingerprintSha256(cert),
        subject.equals(issuer),
        pathLength == Integer.MAX_VALUE ? null : pathLength);
  }

  private static int count(Pattern marker, String text) {
    Matcher m = marker.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static byte[] der(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("A parsed certificate cannot be re-encoded", e);
    }
  }
}
