package io.aviary.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate issued by a {@link CertificateAuthority}, with its private key and its issuer.
 *
 * @param certificate the issued (leaf) certificate
 * @param privateKey the private key of {@code certificate}
 * @param issuer the CA certificate that signed {@code certificate}
 */
public record IssuedCertificate(
    X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {

  /** The chain a TLS peer presents: the certificate, then its issuer. */
  public List<X509Certificate> chain() {
    return List.of(certificate, issuer);
  }

  /** The certificate alone, as PEM. */
  public String certificatePem() {
    return PemFiles.certificatesToPem(List.of(certificate));
  }

  /** The certificate followed by its issuer, as PEM. */
  public String chainPem() {
    return PemFiles.certificatesToPem(chain());
  }

  /** The private key as unencrypted PKCS#8 PEM. */
  public String privateKeyPem() {
    return PemFiles.privateKeyToPem(privateKey);
  }

  /** Writes the chain (0644) and the private key (0600), each atomically. */
  public void writeTo(Path chainFile, Path privateKeyFile) throws IOException {
    PemFiles.writePrivateKey(privateKeyFile, privateKey);
    PemFiles.writeCertificates(chainFile, chain());
  }

  /** Leaves the private key out, so logging an issued certificate cannot leak it. */
  @Override
  public String toString() {
    return "IssuedCertificate[subject="
        + certificate.getSubjectX500Principal().getName()
        + ", serial="
        + certificate.getSerialNumber().toString(16)
        + ", issuer="
        + issuer.getSubjectX500Principal().getName()
        + ", notAfter="
        + certificate.getNotAfter().toInstant()
        + "]";
  }
}
