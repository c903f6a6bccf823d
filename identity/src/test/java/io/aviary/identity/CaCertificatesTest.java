package io.aviary.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.pki.CertificateAuthority;
import io.aviary.pki.IssuedCertificate;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PEM helper tenant-api uses to check an uploaded organization CA. */
class CaCertificatesTest {
  private static final CertificateAuthority CA =
      CertificateAuthority.generate("Acme Devices CA", Duration.ofDays(365));

  @Test
  void aCaCertificateIsAcceptedAndDescribed() {
    List<CaCertificates.CaCertificate> parsed =
        CaCertificates.parseAuthorities(
            "Bag Attributes: ignored\n" + CA.certificatePem(), Instant.now());
    assertThat(parsed)
        .singleElement()
        .satisfies(
            ca -> {
              assertThat(ca.subject()).isEqualTo("CN=Acme Devices CA");
              assertThat(ca.fingerprintSha256()).isEqualTo(CA.fingerprintSha256());
              assertThat(ca.notAfter()).isAfter(Instant.now());
            });
  }

  @Test
  void aLeafCertificateIsNotACa() {
    IssuedCertificate leaf = CA.issueClient("device", Duration.ofDays(30));
    assertThatThrownBy(() -> CaCertificates.parseAuthorities(leaf.certificatePem(), Instant.now()))
        .isInstanceOf(CertificateFormatException.class)
        .hasMessageContaining("not a CA certificate")
        .hasMessageContaining("basicConstraints CA=true");
  }

  @Test
  void privateKeysGarbageAndExpiredCasGetClearMessages() {
    IssuedCertificate leaf = CA.issueClient("device", Duration.ofDays(30));
    assertThatThrownBy(() -> CaCertificates.parse(leaf.privateKeyPem()))
        .hasMessageContaining("private key");
    assertThatThrownBy(() -> CaCertificates.parse("hello"))
        .hasMessageContaining("No certificate found");
    assertThatThrownBy(() -> CaCertificates.parse("")).hasMessageContaining("No PEM text");
    assertThatThrownBy(
            () ->
                CaCertificates.parse(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .hasMessageContaining("not a valid X.509 certificate");
    assertThatThrownBy(
            () ->
                CaCertificates.parseAuthorities(
                    CA.certificatePem(), Instant.now().plus(Duration.ofDays(400))))
        .hasMessageContaining("expired");
  }

  @Test
  void serialNumbersParseInTheUsualSpellings() {
    assertThat(CaCertificates.parseSerial("0x1F")).isEqualTo(BigInteger.valueOf(31));
    assertThat(CaCertificates.parseSerial("01:1f")).isEqualTo(BigInteger.valueOf(287));
    assertThat(CaCertificates.serialHex(BigInteger.valueOf(287))).isEqualTo("11f");
    assertThatThrownBy(() -> CaCertificates.parseSerial("xyz"))
        .isInstanceOf(CertificateFormatException.class);
  }
}
