package io.aviary.tenant.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.identity.CaCertificates;
import io.aviary.identity.CertificateFormatException;
import io.aviary.tenant.TestCertificates;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CaBundleTest {

  private final Instant now = Instant.now();

  @Test
  void parsesDescribesAndNormalises() {
    X509Certificate a = TestCertificates.ca("A");
    X509Certificate b = TestCertificates.ca("B");
    String messy =
        "subject=CN=A\n"
            + TestCertificates.pem(a).replace("\n", "\r\n")
            + "\n\n"
            + TestCertificates.pem(b);
    CaBundle bundle = CaBundle.parse(messy, now);
    assertThat(bundle.certificates()).containsExactly(a, b);
    assertThat(bundle.pem()).isEqualTo(TestCertificates.pem(a, b));
    assertThat(bundle.pemBlocks()).hasSize(2);
    CertificateInfo info = bundle.describe().get(0);
    assertThat(info.subject()).isEqualTo("CN=A,O=Aviary Test");
    assertThat(info.selfSigned()).isTrue();
    assertThat(info.pathLength()).isNull();
    assertThat(info.serialNumber()).isEqualTo(a.getSerialNumber().toString(16));
    assertThat(info.sha256Fingerprint()).isEqualTo(CaCertificates.fingerprintSha256(a));
    assertThat(CaBundle.stored(bundle.pem()).certificates()).containsExactly(a, b);
  }

  @Test
  void theIdentityModulesCaChecksApply() {
    X509Certificate noSign =
        TestCertificates.build("N", now.minusSeconds(60), now.plusSeconds(600), true, false);
    X509Certificate notYet =
        TestCertificates.build("F", now.plusSeconds(600), now.plusSeconds(6000), true, true);
    assertRefused(TestCertificates.pem(noSign), "keyCertSign");
    assertRefused(TestCertificates.pem(notYet), "not valid before");
    assertRefused(
        TestCertificates.pem(TestCertificates.ca("A"))
            + "-----BEGIN EC PRIVATE KEY-----\nAA\n-----END EC PRIVATE KEY-----",
        "private key");
    assertRefused(
        "-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----\n", "not a CERTIFICATE");
    assertRefused("nothing here", "No certificate found");
  }

  @Test
  void bundleRulesOfTheTenantApi() {
    X509Certificate ca = TestCertificates.ca("A");
    assertRefused(TestCertificates.pem(ca, ca), "duplicate");
    assertRefused(TestCertificates.pem(ca) + "-----BEGIN CERTIFICATE-----\nAAAA\n", "unterminated");
    assertRefused(
        TestCertificates.pem(ca) + "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n",
        "malformed");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= CaBundle.MAX_CERTIFICATES; i++) {
      many.append(TestCertificates.pem(TestCertificates.ca("C" + i)));
    }
    assertRefused(many.toString(), "At most 10");
  }

  private void assertRefused(String pem, String reason) {
    assertThatThrownBy(() -> CaBundle.parse(pem, now))
        .isInstanceOf(CertificateFormatException.class)
        .hasMessageContaining(reason);
  }
}
