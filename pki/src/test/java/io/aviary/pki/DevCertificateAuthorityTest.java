package io.aviary.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DevCertificateAuthorityTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  @TempDir Path dir;

  @Test
  void firstCallCreatesAllFourFiles() throws IOException {
    DevPki pki = DevCertificateAuthority.ensure(dir, List.of());

    assertThat(pki.outcome()).isEqualTo(DevPki.Outcome.CREATED);
    assertThat(pki.created()).isTrue();
    assertThat(pki.caCertificate()).isEqualTo(dir.resolve("ca.pem")).isRegularFile();
    assertThat(pki.caPrivateKey()).isEqualTo(dir.resolve("ca-key.pem")).isRegularFile();
    assertThat(pki.serverCertificateChain()).isEqualTo(dir.resolve("server.pem")).isRegularFile();
    assertThat(pki.serverPrivateKey()).isEqualTo(dir.resolve("server-key.pem")).isRegularFile();
    assertThat(pki.serverNames()).containsExactly("localhost", "127.0.0.1", "::1");
    assertThat(pki.describe()).contains("created", dir.toString(), pki.caFingerprintSha256());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temp files left behind").hasSize(4);
    }
  }

  @Test
  void serverChainValidatesAgainstCaWithTheJdkPathValidator() throws Exception {
    DevPki pki = DevCertificateAuthority.ensure(dir, List.of());
    X509Certificate ca = PemFiles.readCertificates(pki.caCertificate()).get(0);
    List<X509Certificate> chain = PemFiles.readCertificates(pki.serverCertificateChain());

    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca);
    // The anchor is not part of the path, as RFC 5280 and the JDK want it.
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    PKIXCertPathValidatorResult result =
        (PKIXCertPathValidatorResult)
            CertPathValidator.getInstance("PKIX").validate(path, parameters);

    assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(ca);
  }

  @Test
  void caCertificateIsAPathLengthZeroSigningOnlyCa() throws IOException {
    DevPki pki = DevCertificateAuthority.ensure(dir, List.of());
    X509Certificate ca = PemFiles.readCertificates(pki.caCertificate()).get(0);

    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    assertThat(ca.getSubjectX500Principal().getName())
        .matches("CN=Aviary Development CA [0-9a-f]{8}");
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getCriticalExtensionOIDs())
        .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    // keyUsage bits: 5 = keyCertSign, 6 = cRLSign
    assertThat(trueBits(ca.getKeyUsage())).containsExactly(5, 6);
    assertThat(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(ca.getPublicKey()).isInstanceOf(ECKey.class);
    Duration validity =
        Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant());
    assertThat(validity).isBetween(Duration.ofDays(3650), Duration.ofDays(3654));
  }

  @Test
  void serverCertificateHasTheSpecifiedNamesAndUsages() throws Exception {
    Instant before = Instant.now();
    DevPki pki = DevCertificateAuthority.ensure(dir, List.of("broker.test", "10.1.2.3", "fe80::1"));
    X509Certificate ca = PemFiles.readCertificates(pki.caCertificate()).get(0);
    X509Certificate server = PemFiles.readCertificates(pki.serverCertificateChain()).get(0);

    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(sans(server))
        .containsExactlyInAnyOrder(
            "dns:localhost",
            "ip:127.0.0.1",
            "ip:0:0:0:0:0:0:0:1",
            "dns:broker.test",
            "ip:10.1.2.3",
            "ip:fe80:0:0:0:0:0:0:1");
    assertThat(trueBits(server.getKeyUsage())).containsExactly(0); // digitalSignature
    assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(authorityKeyId(server)).isNotEmpty().isEqualTo(subjectKeyId(ca));
    assertThat(server.getSerialNumber().signum()).isPositive();
    assertThat(server.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    assertThat(server.getNotBefore().toInstant())
        .isBetween(before.minus(Duration.ofMinutes(61)), before.minus(Duration.ofMinutes(59)));
    assertThat(server.getNotAfter().toInstant())
        .isBetween(
            before.plus(Duration.ofDays(397)).minusSeconds(1),
            Instant.now().plus(Duration.ofDays(397)));
  }

  @Test
  void keyFilesAreOwnerOnlyAndHoldPkcs8EcKeys() throws IOException {
    DevPki pki = DevCertificateAuthority.ensure(dir, List.of());

    for (Path key : List.of(pki.caPrivateKey(), pki.serverPrivateKey())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .as(key.toString())
          .isEqualTo("rw-------");
      assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
      PrivateKey privateKey = PemFiles.readPrivateKey(key);
      assertThat(privateKey.getAlgorithm()).isEqualTo("EC");
      assertThat(((ECKey) privateKey).getParams().getCurve().getField().getFieldSize())
          .isEqualTo(256);
    }
    for (Path certificate : List.of(pki.caCertificate(), pki.serverCertificateChain())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificate)))
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void secondCallReusesEverything() throws IOException {
    DevPki first = DevCertificateAuthority.ensure(dir, List.of("broker.test"));
    Serials before = Serials.of(first);

    DevPki second = DevCertificateAuthority.ensure(dir, List.of("BROKER.test."));

    assertThat(second.outcome()).isEqualTo(DevPki.Outcome.REUSED);
    assertThat(second.created()).isFalse();
    assertThat(Serials.of(second)).isEqualTo(before);
    assertThat(second.caFingerprintSha256()).isEqualTo(first.caFingerprintSha256());
  }

  @Test
  void fewerNamesThanTheCertificateCoversStillReuses() throws IOException {
    Serials before = Serials.of(DevCertificateAuthority.ensure(dir, List.of("broker.test")));

    DevPki second = DevCertificateAuthority.ensure(dir, List.of());

    assertThat(second.outcome()).isEqualTo(DevPki.Outcome.REUSED);
    assertThat(Serials.of(second)).isEqualTo(before);
    assertThat(second.serverNames())
        .containsExactly("localhost", "127.0.0.1", "::1", "broker.test");
  }

  @Test
  void extraHostnameReissuesOnlyTheServerCertificate() throws Exception {
    Serials before = Serials.of(DevCertificateAuthority.ensure(dir, List.of()));

    DevPki second = DevCertificateAuthority.ensure(dir, List.of("mqtt.example.test"));

    assertThat(second.outcome()).isEqualTo(DevPki.Outcome.SERVER_REISSUED);
    assertThat(second.created()).isFalse();
    assertThat(second.reason()).contains("mqtt.example.test");
    Serials after = Serials.of(second);
    assertThat(after.ca()).isEqualTo(before.ca());
    assertThat(after.server()).isNotEqualTo(before.server());
    assertThat(sans(PemFiles.readCertificates(second.serverCertificateChain()).get(0)))
        .contains("dns:mqtt.example.test", "dns:localhost");
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("ca.pem", "garbage", DevPki.Outcome.CREATED),
        Arguments.of("ca.pem", null, DevPki.Outcome.CREATED),
        Arguments.of("ca-key.pem", "garbage", DevPki.Outcome.CREATED),
        Arguments.of("ca-key.pem", null, DevPki.Outcome.CREATED),
        Arguments.of("server.pem", "garbage", DevPki.Outcome.SERVER_REISSUED),
        Arguments.of("server.pem", null, DevPki.Outcome.SERVER_REISSUED),
        Arguments.of("server-key.pem", "garbage", DevPki.Outcome.SERVER_REISSUED),
        Arguments.of("server-key.pem", null, DevPki.Outcome.SERVER_REISSUED));
  }

  @ParameterizedTest(name = "{0} replaced by {1} -> {2}")
  @MethodSource("brokenFiles")
  void brokenFileIsRepaired(String file, String content, DevPki.Outcome expected)
      throws IOException {
    Serials before = Serials.of(DevCertificateAuthority.ensure(dir, List.of()));
    if (content == null) {
      Files.delete(dir.resolve(file));
    } else {
      Files.writeString(dir.resolve(file), content);
    }

    DevPki repaired = DevCertificateAuthority.ensure(dir, List.of());

    assertThat(repaired.outcome()).isEqualTo(expected);
    assertThat(repaired.reason()).contains(file);
    Serials after = Serials.of(repaired);
    assertThat(after.server()).isNotEqualTo(before.server());
    if (expected == DevPki.Outcome.CREATED) {
      assertThat(after.ca()).isNotEqualTo(before.ca());
    } else {
      assertThat(after.ca()).isEqualTo(before.ca());
    }
    assertThat(DevCertificateAuthority.ensure(dir, List.of()).outcome())
        .isEqualTo(DevPki.Outcome.REUSED);
  }

  @Test
  void serverCertificateFromAnotherCaIsReissued() throws IOException {
    Serials before = Serials.of(DevCertificateAuthority.ensure(dir, List.of()));
    CertificateAuthority other = CertificateAuthority.generate("Other", Duration.ofDays(30));
    other
        .issueServer("localhost", DevCertificateAuthority.DEFAULT_SERVER_NAMES, Duration.ofDays(2))
        .writeTo(dir.resolve("server.pem"), dir.resolve("server-key.pem"));

    DevPki repaired = DevCertificateAuthority.ensure(dir, List.of());

    assertThat(repaired.outcome()).isEqualTo(DevPki.Outcome.SERVER_REISSUED);
    assertThat(repaired.reason()).contains("not signed by the CA");
    assertThat(Serials.of(repaired).ca()).isEqualTo(before.ca());
  }

  @Test
  void serverKeyOfAnotherCertificateIsReissued() throws IOException {
    DevCertificateAuthority.ensure(dir, List.of());
    Files.copy(
        dir.resolve("ca-key.pem"),
        dir.resolve("server-key.pem"),
        StandardCopyOption.REPLACE_EXISTING);

    DevPki repaired = DevCertificateAuthority.ensure(dir, List.of());

    assertThat(repaired.outcome()).isEqualTo(DevPki.Outcome.SERVER_REISSUED);
    assertThat(repaired.reason()).contains("server-key.pem does not belong");
  }

  static Stream<Arguments> laterStarts() {
    return Stream.of(
        Arguments.of(Duration.ofDays(300), DevPki.Outcome.REUSED),
        Arguments.of(Duration.ofDays(366), DevPki.Outcome.REUSED),
        Arguments.of(Duration.ofDays(368), DevPki.Outcome.SERVER_REISSUED), // 29 days left
        Arguments.of(Duration.ofDays(500), DevPki.Outcome.SERVER_REISSUED), // expired
        Arguments.of(Duration.ofDays(3630), DevPki.Outcome.CREATED), // CA within 30 days
        Arguments.of(Duration.ofDays(4000), DevPki.Outcome.CREATED)); // CA expired
  }

  @ParameterizedTest(name = "start again after {0} -> {1}")
  @MethodSource("laterStarts")
  void certificatesNearExpiryAreReplaced(Duration later, DevPki.Outcome expected)
      throws IOException {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    Serials before =
        Serials.of(
            DevCertificateAuthority.ensure(dir, List.of(), Clock.fixed(start, ZoneOffset.UTC)));

    DevPki again =
        DevCertificateAuthority.ensure(
            dir, List.of(), Clock.fixed(start.plus(later), ZoneOffset.UTC));

    assertThat(again.outcome()).isEqualTo(expected);
    assertThat(Serials.of(again).ca().equals(before.ca()))
        .isEqualTo(expected != DevPki.Outcome.CREATED);
  }

  @Test
  void serverReissuedNearCaExpiryNeverOutlivesTheCa() throws IOException {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    DevCertificateAuthority.ensure(dir, List.of(), Clock.fixed(start, ZoneOffset.UTC));
    Instant late = start.plus(Duration.ofDays(3400)); // CA has ~250 days left

    DevPki again =
        DevCertificateAuthority.ensure(
            dir, List.of("late.test"), Clock.fixed(late, ZoneOffset.UTC));

    assertThat(again.outcome()).isEqualTo(DevPki.Outcome.SERVER_REISSUED);
    X509Certificate ca = PemFiles.readCertificates(again.caCertificate()).get(0);
    X509Certificate server = PemFiles.readCertificates(again.serverCertificateChain()).get(0);
    assertThat(server.getNotAfter()).isEqualTo(ca.getNotAfter());
  }

  @Test
  void invalidExtraHostnameIsRejectedBeforeAnyFileIsWritten() {
    assertThatThrownBy(() -> DevCertificateAuthority.ensure(dir, List.of("not a host")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not a host'");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void createsMissingDirectories() throws IOException {
    Path nested = dir.resolve("data/pki");

    DevPki pki = DevCertificateAuthority.ensure(nested, List.of());

    assertThat(pki.created()).isTrue();
    assertThat(nested.resolve("server.pem")).isRegularFile();
  }

  @Test
  void pemFilesAreByteStableAcrossReuse() throws IOException {
    DevCertificateAuthority.ensure(dir, List.of());
    byte[] ca = Files.readAllBytes(dir.resolve("ca.pem"));

    DevCertificateAuthority.ensure(dir, List.of());

    assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(ca);
    assertThat(new String(ca, StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN CERTIFICATE-----\n");
  }

  record Serials(String ca, String server) {
    static Serials of(DevPki pki) throws IOException {
      return new Serials(
          PemFiles.readCertificates(pki.caCertificate()).get(0).getSerialNumber().toString(16),
          PemFiles.readCertificates(pki.serverCertificateChain())
              .get(0)
              .getSerialNumber()
              .toString(16));
    }
  }

  static List<String> sans(X509Certificate certificate) throws Exception {
    List<String> names = new ArrayList<>();
    for (List<?> entry : certificate.getSubjectAlternativeNames()) {
      int type = (Integer) entry.get(0);
      names.add((type == SAN_DNS ? "dns:" : type == SAN_IP ? "ip:" : type + ":") + entry.get(1));
    }
    return names;
  }

  static List<Integer> trueBits(boolean[] bits) {
    List<Integer> set = new ArrayList<>();
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        set.add(i);
      }
    }
    return set;
  }

  private static byte[] authorityKeyId(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets())
        .getKeyIdentifierOctets();
  }

  private static byte[] subjectKeyId(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets())
        .getKeyIdentifier();
  }
}
