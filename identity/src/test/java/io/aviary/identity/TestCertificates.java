package io.aviary.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates the pki module does not issue (intermediate CAs, email and URI SANs, odd key
 * usages), built with Bouncy Castle for tests only.
 */
final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  private TestCertificates() {}

  record Issued(X509Certificate certificate, KeyPair keys) {}

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed root CA without a path length limit. */
  static Issued root(String cn, Instant now) {
    KeyPair keys = ecKeys();
    return new Issued(build(cn, cn, keys, keys, now, Duration.ofDays(365), true, null, null), keys);
  }

  static Issued intermediate(String cn, Issued issuer, Instant now) {
    KeyPair keys = ecKeys();
    return new Issued(
        build(cn, subject(issuer), keys, issuer.keys(), now, Duration.ofDays(90), true, null, null),
        keys);
  }

  /** A leaf with the given extended key usage (null for none) and SANs. */
  static Issued leaf(
      String cn, Issued issuer, Instant now, KeyPurposeId purpose, GeneralName... sans) {
    KeyPair keys = ecKeys();
    return new Issued(
        build(
            cn,
            subject(issuer),
            keys,
            issuer.keys(),
            now,
            Duration.ofDays(30),
            false,
            purpose,
            sans),
        keys);
  }

  private static String subject(Issued issued) {
    return issued.certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }

  @SuppressWarnings("JavaUtilDate")
  private static X509Certificate build(
      String cn,
      String issuerCn,
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      Instant now,
      Duration validity,
      boolean ca,
      KeyPurposeId purpose,
      GeneralName[] sans) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              new X500Name("CN=" + issuerCn),
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(validity)),
              new X500Name("CN=" + cn),
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (purpose != null) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (sans != null && sans.length > 0) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
