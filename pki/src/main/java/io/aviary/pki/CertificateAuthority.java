package io.aviary.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority (CA certificate plus private key) that issues EC P-256 server and client
 * certificates; {@link #generate} makes a new one, {@link #load} reads one from PEM files.
 *
 * <p>Issued certificates are backdated by {@link #CLOCK_SKEW} so a peer whose clock is slightly
 * behind still accepts them, and never outlive the CA: a requested validity past the CA's notAfter
 * is cut to it.
 */
public final class CertificateAuthority {
  /** How far notBefore is set into the past, for peers whose clocks run behind. */
  public static final Duration CLOCK_SKEW = Duration.ofHours(1);

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Creates a new self-signed CA with an EC P-256 key: BasicConstraints CA:true pathlen 0 and
   * KeyUsage keyCertSign+cRLSign (both critical), and a SubjectKeyIdentifier.
   */
  public static CertificateAuthority generate(String commonName, Duration validity) {
    return generate(commonName, validity, Instant.now());
  }

  static CertificateAuthority generate(String commonName, Duration validity, Instant now) {
    requirePositive(validity);
    KeyPair keys = Keys.generateEcP256();
    X500Name subject = commonName(commonName);
    JcaX509ExtensionUtils extensions = extensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            Keys.randomSerial(),
            date(now.minus(CLOCK_SKEW)),
            date(now.plus(validity)),
            subject,
            keys.getPublic());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException("Cannot encode CA certificate extensions", e);
    }
    return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
  }

  /**
   * Loads a CA from a PEM certificate file (the first certificate is the CA) and a PEM private key
   * file.
   *
   * @throws PemException if a file is missing or malformed, the certificate is not a CA
   *     certificate, or the key does not belong to it
   * @throws IOException if a file exists but cannot be read
   */
  public static CertificateAuthority load(Path certificateFile, Path privateKeyFile)
      throws IOException {
    X509Certificate certificate = PemFiles.readCertificates(certificateFile).get(0);
    PrivateKey privateKey = PemFiles.readPrivateKey(privateKeyFile);
    if (certificate.getBasicConstraints() < 0) {
      throw new PemException(
          certificateFile + ": the first certificate is not a CA certificate (no CA:true)");
    }
    if (!Keys.matches(privateKey, certificate.getPublicKey())) {
      throw new PemException(
          privateKeyFile
              + ": the private key does not belong to the certificate in "
              + certificateFile);
    }
    return new CertificateAuthority(certificate, privateKey);
  }

  /** The CA certificate, the one clients put in their trust store. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA's private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The CA certificate as PEM. */
  public String certificatePem() {
    return PemFiles.certificatesToPem(List.of(certificate));
  }

  /** Upper-case, colon-separated SHA-256 fingerprint of the CA certificate, as openssl prints. */
  public String fingerprintSha256() {
    return fingerprintSha256(certificate);
  }

  /** Writes the CA certificate (0644) and private key (0600), each atomically. */
  public void writeTo(Path certificateFile, Path privateKeyFile) throws IOException {
    PemFiles.writePrivateKey(privateKeyFile, privateKey);
    PemFiles.writeCertificates(certificateFile, List.of(certificate));
  }

  /**
   * Issues a TLS server certificate: KeyUsage digitalSignature, ExtendedKeyUsage serverAuth, a SAN
   * per host name (IP literals become IP SANs, everything else DNS SANs).
   *
   * @throws IllegalArgumentException if {@code subjectAltNames} is empty or holds a name that is
   *     neither an IP address nor a DNS name, or the validity is not positive
   */
  public IssuedCertificate issueServer(
      String commonName, Collection<String> subjectAltNames, Duration validity) {
    return issueServer(commonName, subjectAltNames, validity, Instant.now());
  }

  IssuedCertificate issueServer(
      String commonName, Collection<String> subjectAltNames, Duration validity, Instant now) {
    List<String> names = SubjectAltNames.normalize(subjectAltNames);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("A server certificate needs at least one host name");
    }
    return issue(commonName, names, KeyPurposeId.id_kp_serverAuth, validity, now);
  }

  /** Issues a TLS client certificate (ExtendedKeyUsage clientAuth) without SANs. */
  public IssuedCertificate issueClient(String commonName, Duration validity) {
    return issueClient(commonName, validity, List.of());
  }

  /**
   * Issues a TLS client certificate (KeyUsage digitalSignature, ExtendedKeyUsage clientAuth) with
   * optional SANs.
   *
   * @throws IllegalArgumentException if a SAN is neither an IP address nor a DNS name, or the
   *     validity is not positive
   */
  public IssuedCertificate issueClient(
      String commonName, Duration validity, Collection<String> subjectAltNames) {
    return issue(
        commonName,
        SubjectAltNames.normalize(subjectAltNames),
        KeyPurposeId.id_kp_clientAuth,
        validity,
        Instant.now());
  }

  /** A client certificate valid from {@code now} (tests issue ones that have already expired). */
  IssuedCertificate issueClient(String commonName, Duration validity, Instant now) {
    return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth, validity, now);
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
  }

  static String fingerprintSha256(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("Cannot fingerprint certificate", e);
    }
  }

  private IssuedCertificate issue(
      String commonName,
      List<String> subjectAltNames,
      KeyPurposeId purpose,
      Duration validity,
      Instant now) {
    requirePositive(validity);
    KeyPair keys = Keys.generateEcP256();
    JcaX509ExtensionUtils extensions = extensionUtils();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = certificate.getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            // the CA subject verbatim, so no re-encoding can make the names differ
            X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
            Keys.randomSerial(),
            date(now.minus(CLOCK_SKEW)),
            date(notAfter),
            commonName(commonName),
            keys.getPublic());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());
      if (!subjectAltNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            SubjectAltNames.toGeneralNames(subjectAltNames));
      }
    } catch (CertIOException e) {
      throw new IllegalStateException("Cannot encode certificate extensions", e);
    }
    return new IssuedCertificate(sign(builder, privateKey), keys.getPrivate(), certificate);
  }

  /**
   * Copies the CA's own SubjectKeyIdentifier when it has one: a CA made by another tool may have
   * derived it differently, and path building matches AKI against the SKI byte for byte.
   */
  private AuthorityKeyIdentifier authorityKeyIdentifier() {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension != null) {
      byte[] keyIdentifier =
          SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
              .getKeyIdentifier();
      return new AuthorityKeyIdentifier(keyIdentifier);
    }
    PublicKey publicKey = certificate.getPublicKey();
    return extensionUtils().createAuthorityKeyIdentifier(publicKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(Keys.signatureAlgorithm(signingKey))
                      .build(signingKey)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign certificate", e);
    }
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-1 for key identifiers", e);
    }
  }

  private static X500Name commonName(String commonName) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("Common name must not be blank");
    }
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static void requirePositive(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException(
          "Validity must be positive, was " + validity.toString().toLowerCase(Locale.ROOT));
    }
  }

  @SuppressWarnings("JavaUtilDate") // the certificate builder takes java.util.Date
  private static Date date(Instant instant) {
    return Date.from(instant);
  }
}
