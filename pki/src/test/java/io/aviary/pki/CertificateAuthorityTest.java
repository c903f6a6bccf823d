package io.aviary.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateAuthorityTest {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  @TempDir Path dir;

  @Test
  void issuesClientCertificatesForMutualTls() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("Test CA", Duration.ofDays(10));

    IssuedCertificate client = ca.issueClient("device-42", Duration.ofDays(1));

    X509Certificate certificate = client.certificate();
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=device-42");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(DevCertificateAuthorityTest.trueBits(certificate.getKeyUsage())).containsExactly(0);
    assertThat(certificate.getSubjectAlternativeNames()).isNull();
    certificate.verify(ca.certificate().getPublicKey());
    assertThat(client.chain()).containsExactly(certificate, ca.certificate());
    assertThat(client.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(client.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(client.toString()).contains("CN=device-42").doesNotContain("PRIVATE");
  }

  @Test
  void clientCertificateMayCarrySans() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("Test CA", Duration.ofDays(10));

    IssuedCertificate client =
        ca.issueClient("tool", Duration.ofHours(1), List.of("tool.test", "192.0.2.7"));

    assertThat(DevCertificateAuthorityTest.sans(client.certificate()))
        .containsExactly("dns:tool.test", "ip:192.0.2.7");
  }

  @Test
  void issuedCertificatesNeverOutliveTheCa() {
    CertificateAuthority ca = CertificateAuthority.generate("Short CA", Duration.ofDays(2));

    IssuedCertificate client = ca.issueClient("c", Duration.ofDays(365));

    assertThat(client.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void separateCasAreUnrelated() throws Exception {
    CertificateAuthority one = CertificateAuthority.generate("CA", Duration.ofDays(1));
    CertificateAuthority two = CertificateAuthority.generate("CA", Duration.ofDays(1));

    IssuedCertificate fromTwo = two.issueClient("c", Duration.ofHours(1));

    assertThat(one.fingerprintSha256()).isNotEqualTo(two.fingerprintSha256());
    assertThatThrownBy(() -> fromTwo.certificate().verify(one.certificate().getPublicKey()))
        .isInstanceOf(java.security.SignatureException.class);
  }

  @Test
  void loadsWhatWasWrittenAndIssuesFromIt() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("Round trip", Duration.ofDays(5));
    ca.writeTo(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));

    CertificateAuthority loaded =
        CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));

    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    assertThat(loaded.fingerprintSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    loaded
        .issueClient("c", Duration.ofHours(1))
        .certificate()
        .verify(ca.certificate().getPublicKey());
  }

  @Test
  void loadingTheDevCaWorks() throws Exception {
    DevPki pki = DevCertificateAuthority.ensure(dir, List.of());

    CertificateAuthority ca = CertificateAuthority.load(pki.caCertificate(), pki.caPrivateKey());

    assertThat(ca.fingerprintSha256()).isEqualTo(pki.caFingerprintSha256());
  }

  @Test
  void loadRejectsAKeyOfAnotherCa() throws IOException {
    CertificateAuthority.generate("A", Duration.ofDays(1))
        .writeTo(dir.resolve("a.pem"), dir.resolve("a-key.pem"));
    CertificateAuthority.generate("B", Duration.ofDays(1))
        .writeTo(dir.resolve("b.pem"), dir.resolve("b-key.pem"));

    assertThatThrownBy(
            () -> CertificateAuthority.load(dir.resolve("a.pem"), dir.resolve("b-key.pem")))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("b-key.pem")
        .hasMessageContaining("does not belong");
  }

  @Test
  void loadRejectsALeafCertificate() throws IOException {
    CertificateAuthority.generate("A", Duration.ofDays(1))
        .issueClient("leaf", Duration.ofHours(1))
        .writeTo(dir.resolve("leaf.pem"), dir.resolve("leaf-key.pem"));

    assertThatThrownBy(
            () -> CertificateAuthority.load(dir.resolve("leaf.pem"), dir.resolve("leaf-key.pem")))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("leaf.pem")
        .hasMessageContaining("not a CA certificate");
  }

  static Stream<Arguments> hostNames() {
    return Stream.of(
        Arguments.of("localhost", "dns:localhost"),
        Arguments.of("  Broker.Example.TEST. ", "dns:broker.example.test"),
        Arguments.of("*.example.test", "dns:*.example.test"),
        Arguments.of("mqtt-1", "dns:mqtt-1"),
        Arguments.of("127.0.0.1", "ip:127.0.0.1"),
        Arguments.of("10.0.0.1", "ip:10.0.0.1"),
        Arguments.of("::1", "ip:0:0:0:0:0:0:0:1"),
        Arguments.of("[::1]", "ip:0:0:0:0:0:0:0:1"),
        Arguments.of("2001:db8::42", "ip:2001:db8:0:0:0:0:0:42"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("hostNames")
  void ipLiteralsBecomeIpSansAndNamesDnsSans(String name, String expected) throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("CA", Duration.ofDays(1));

    IssuedCertificate server = ca.issueServer("s", List.of(name), Duration.ofHours(1));

    assertThat(DevCertificateAuthorityTest.sans(server.certificate())).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "has space", "under_score", "-lead.test", "a..b", "*.test", "x.*.test"})
  void invalidNamesAreRejected(String name) {
    CertificateAuthority ca = CertificateAuthority.generate("CA", Duration.ofDays(1));

    assertThatThrownBy(() -> ca.issueServer("s", List.of(name), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'");
  }

  @Test
  void validityMustBePositive() {
    assertThatThrownBy(() -> CertificateAuthority.generate("CA", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
