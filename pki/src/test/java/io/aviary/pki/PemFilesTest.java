package io.aviary.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemFilesTest {
  private static IssuedCertificate issued;

  @TempDir Path dir;

  @BeforeAll
  static void issue() {
    issued =
        CertificateAuthority.generate("PEM CA", Duration.ofDays(1))
            .issueClient("pem", Duration.ofHours(1));
  }

  @Test
  void chainAndKeyRoundTrip() throws IOException {
    Path chainFile = dir.resolve("chain.pem");
    Path keyFile = dir.resolve("key.pem");

    PemFiles.writeCertificates(chainFile, issued.chain());
    PemFiles.writePrivateKey(keyFile, issued.privateKey());

    List<X509Certificate> chain = PemFiles.readCertificates(chainFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    assertThat(chain).containsExactlyElementsOf(issued.chain());
    assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) issued.privateKey()).getS());
  }

  @Test
  void writeReplacesAnExistingFile() throws IOException {
    Path file = dir.resolve("cert.pem");
    Files.writeString(file, "old");

    PemFiles.writeCertificates(file, List.of(issued.certificate()));

    assertThat(PemFiles.readCertificates(file)).containsExactly(issued.certificate());
  }

  @Test
  void readsTextAroundPemBlocks() throws IOException {
    Path file = dir.resolve("annotated.pem");
    Files.writeString(file, "subject=CN = pem\n" + issued.certificatePem() + "trailing comment\n");

    assertThat(PemFiles.readCertificates(file)).containsExactly(issued.certificate());
  }

  @Test
  void readsTraditionalEcPrivateKey() throws Exception {
    // What `openssl ecparam -genkey` writes: SEC1 "EC PRIVATE KEY" with curve and public key.
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(issued.privateKey().getEncoded());
    byte[] sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
                256,
                ((ECPrivateKey) issued.privateKey()).getS(),
                SubjectPublicKeyInfo.getInstance(issued.certificate().getPublicKey().getEncoded())
                    .getPublicKeyData(),
                pkcs8.getPrivateKeyAlgorithm().getParameters())
            .getEncoded();

    PrivateKey key = PemFiles.parsePrivateKey(pem("EC PRIVATE KEY", sec1), "sec1");

    assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) issued.privateKey()).getS());
  }

  static Stream<Arguments> broken() {
    String certificate = issued.certificatePem();
    String key = issued.privateKeyPem();
    return Stream.of(
        Arguments.of("certificate", "", "contains no PEM certificate"),
        Arguments.of("certificate", "hello\n", "contains no PEM certificate"),
        Arguments.of("certificate", key, "found a private key"),
        Arguments.of(
            "certificate",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "malformed PEM certificate"),
        Arguments.of(
            "certificate",
            certificate.substring(0, certificate.length() / 2),
            "malformed PEM certificate"),
        Arguments.of("key", "", "contains no PEM private key"),
        Arguments.of("key", certificate, "contains no PEM private key"),
        Arguments.of("key", key + key, "more than one private key"),
        Arguments.of("key", encryptedKeyPem(), "encrypted"),
        Arguments.of(
            "key",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "malformed PEM private key"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("broken")
  void errorsNameTheFileAndTheProblem(String kind, String content, String problem)
      throws IOException {
    Path file = dir.resolve("broken-" + kind + ".pem");
    Files.writeString(file, content);

    assertThatThrownBy(
            () -> {
              if (kind.equals("certificate")) {
                PemFiles.readCertificates(file);
              } else {
                PemFiles.readPrivateKey(file);
              }
            })
        .isInstanceOf(PemException.class)
        .hasMessageStartingWith(file.toString() + ": ")
        .hasMessageContaining(problem);
  }

  private static String encryptedKeyPem() {
    try {
      OutputEncryptor encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setProvider(new BouncyCastleProvider())
              .setPassword("secret".toCharArray())
              .build();
      return pem(new JcaPKCS8Generator(issued.privateKey(), encryptor).generate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) throws IOException {
    return pem(new PemObject(type, der));
  }

  private static String pem(PemObject object) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("absent.pem");

    assertThatThrownBy(() -> PemFiles.readCertificates(file))
        .isInstanceOf(PemException.class)
        .hasMessage(file + ": file does not exist");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
        .isInstanceOf(PemException.class)
        .hasMessage(file + ": file does not exist");
  }

  @Test
  void binaryFileIsReportedAsNotPem() throws Exception {
    Path file = dir.resolve("cert.der");
    Files.write(file, issued.certificate().getEncoded());

    assertThatThrownBy(() -> PemFiles.readCertificates(file))
        .isInstanceOf(PemException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("contains no PEM certificate");
  }
}
