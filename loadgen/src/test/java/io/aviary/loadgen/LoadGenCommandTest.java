package io.aviary.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

class LoadGenCommandTest {

  @TempDir static Path dir;

  private static TestCertificates certificates;

  @BeforeAll
  static void certificates() throws IOException {
    certificates = TestCertificates.create(dir.resolve("pki"));
  }

  private static String file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8).toString();
  }

  @Test
  void subscribersMayConnectToAnotherPort() {
    LoadGenConfig config =
        LoadGenCommand.parse("--scenario", "pairs", "--port", "1884", "--subscriber-port", "1885");
    assertThat(config.port()).isEqualTo(1884);
    assertThat(config.subscriberPort()).isEqualTo(1885);
    assertThatThrownBy(
            () -> LoadGenCommand.parse("--scenario", "pairs", "--subscriber-port", "70000"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--subscriber-port must be between 1 and 65535");
  }

  @Test
  void defaults() {
    LoadGenConfig config = LoadGenCommand.parse("--scenario", "pairs");
    assertThat(config.scenario()).isEqualTo(Scenario.PAIRS);
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(1883);
    assertThat(config.subscriberPort()).as("subscribers follow --port").isEqualTo(1883);
    assertThat(config.qos()).isEqualTo(1);
    assertThat(config.payloadSize()).isEqualTo(64);
    assertThat(config.mqttVersion()).isEqualTo(5);
    assertThat(config.maxRuntime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.topicPrefix()).isEqualTo("bench/" + config.runId());
    assertThat(config.jsonOnly()).isFalse();
  }

  @Test
  void scenarioNamesAreCaseInsensitiveAndTlsDefaultsTo8883() {
    LoadGenConfig config = LoadGenCommand.parse("--scenario", "FanOut", "--tls");
    assertThat(config.scenario()).isEqualTo(Scenario.FANOUT);
    assertThat(config.port()).isEqualTo(8883);
  }

  @Test
  void localhostIsAllowed() {
    assertThat(LoadGenCommand.parse("--scenario", "idle", "--host", "localhost").host())
        .isEqualTo("localhost");
  }

  @Test
  void badQosIsRejected() {
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "fanin", "--qos", "3"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--qos must be 0, 1 or 2 (was 3)");
  }

  @Test
  void nonLoopbackHostIsRefusedUnlessAllowed() {
    // 192.0.2.1 is TEST-NET-1: never contacted, parsing only resolves the literal.
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "fanin", "--host", "192.0.2.1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("refusing non-loopback --host 192.0.2.1")
        .hasMessageContaining("--allow-remote");
    assertThat(
            LoadGenCommand.parse("--scenario", "fanin", "--host", "192.0.2.1", "--allow-remote")
                .host())
        .isEqualTo("192.0.2.1");
  }

  @Test
  void payloadSmallerThanTheHeaderIsRejected() {
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--payload", "15"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--payload must be between 16");
    assertThat(LoadGenCommand.parse("--scenario", "pairs", "--payload", "16").payloadSize())
        .isEqualTo(16);
  }

  @Test
  void otherInvalidCombinationsAreRejected() {
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--mqtt-version", "4"))
        .hasMessageContaining("--mqtt-version must be 3 or 5");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--max-runtime", "601"))
        .hasMessageContaining("--max-runtime must be between 1 and 600");
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario", "pairs", "--duration", "100", "--max-runtime", "100"))
        .hasMessageContaining("must be less than --max-runtime");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--cafile", "/etc/hosts"))
        .hasMessageContaining("--cafile needs --tls");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--password", "x"))
        .hasMessageContaining("--password needs --username");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--topic-prefix", "a/#"))
        .hasMessageContaining("wildcards");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--clients", "0"))
        .hasMessageContaining("--clients must be between 1");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "pairs", "--qos", "one"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--qos");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "nope"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--scenario");
    assertThatThrownBy(() -> LoadGenCommand.parse("--qos", "1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--scenario");
  }

  @Test
  void clientCertificateIsReadWithItsKey() {
    LoadGenConfig config =
        LoadGenCommand.parse(
            "--scenario",
            "storm",
            "--tls",
            "--cert",
            certificates.clientPem().toString(),
            "--key",
            certificates.clientKeyPem().toString());
    assertThat(config.certFile()).isEqualTo(certificates.clientPem());
    assertThat(config.keyFile()).isEqualTo(certificates.clientKeyPem());
    assertThat(LoadGenCommand.parse("--scenario", "storm", "--tls").certFile()).isNull();
  }

  @Test
  void clientCertificateNeedsTlsAndBothFiles() {
    String cert = certificates.clientPem().toString();
    String key = certificates.clientKeyPem().toString();
    assertThatThrownBy(
            () -> LoadGenCommand.parse("--scenario", "storm", "--cert", cert, "--key", key))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--cert needs --tls");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "storm", "--key", key))
        .hasMessageContaining("--key needs --tls");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "storm", "--tls", "--cert", cert))
        .hasMessageContaining("--cert needs --key");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "storm", "--tls", "--key", key))
        .hasMessageContaining("--key needs --cert");
    String missing = dir.resolve("missing.pem").toString();
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario", "storm", "--tls", "--cert", missing, "--key", key))
        .hasMessageContaining("--cert " + missing + " does not exist or is not readable");
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario", "storm", "--tls", "--cert", cert, "--key", missing))
        .hasMessageContaining("--key " + missing + " does not exist or is not readable");
  }

  @Test
  void unusableClientCertificatesAreNamed() throws IOException {
    String cert = certificates.clientPem().toString();
    String serverKey = certificates.serverKeyPem().toString();
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario", "storm", "--tls", "--cert", cert, "--key", serverKey))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--key " + serverKey + " does not belong to the certificate");
    String sec1 =
        file("sec1.pem", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse("--scenario", "storm", "--tls", "--cert", cert, "--key", sec1))
        .hasMessageContaining("is a PKCS#1/SEC1 key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + sec1);
    String encrypted =
        file(
            "encrypted.pem",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario", "storm", "--tls", "--cert", cert, "--key", encrypted))
        .hasMessageContaining("--key " + encrypted + " is encrypted");
    String key = certificates.clientKeyPem().toString();
    assertThatThrownBy(
            () -> LoadGenCommand.parse("--scenario", "storm", "--tls", "--cert", key, "--key", key))
        .hasMessageContaining("--cert " + key);
  }

  @Test
  void passwordFileIsReadWithoutItsTrailingLineBreak() throws IOException {
    String jwt = "eyJhbGciOiJFUzI1NiJ9." + "x".repeat(2000) + ".sig";
    assertThat(passwordFrom(file("jwt.txt", jwt + "\n"))).isEqualTo(jwt);
    assertThat(passwordFrom(file("crlf.txt", "secret\r\n"))).isEqualTo("secret");
    assertThat(passwordFrom(file("bare.txt", "secret"))).isEqualTo("secret");
    assertThat(passwordFrom(file("two.txt", "secret\n\n"))).isEqualTo("secret\n");
    assertThat(passwordFrom(file("utf8.txt", "päss wörd\n"))).isEqualTo("päss wörd");
  }

  private static String passwordFrom(String path) {
    return LoadGenCommand.parse("--scenario", "storm", "--username", "u", "--password-file", path)
        .password();
  }

  @Test
  void badPasswordFilesAreRejected() throws IOException {
    String good = file("good.txt", "secret\n");
    assertThatThrownBy(
            () ->
                LoadGenCommand.parse(
                    "--scenario",
                    "storm",
                    "--username",
                    "u",
                    "--password",
                    "x",
                    "--password-file",
                    good))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--password and --password-file are mutually exclusive");
    assertThatThrownBy(() -> LoadGenCommand.parse("--scenario", "storm", "--password-file", good))
        .hasMessageContaining("--password-file needs --username");
    String missing = dir.resolve("missing.txt").toString();
    assertThatThrownBy(() -> passwordFrom(missing))
        .hasMessageContaining("--password-file " + missing + " does not exist");
    assertThatThrownBy(() -> passwordFrom(dir.toString()))
        .hasMessageContaining("is not a readable file");
    String empty = file("empty.txt", "\n");
    assertThatThrownBy(() -> passwordFrom(empty))
        .hasMessageContaining("--password-file " + empty + " is empty");
    Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'p', (byte) 0xe4, 's'});
    assertThatThrownBy(() -> passwordFrom(latin1.toString()))
        .hasMessageContaining("is not UTF-8 text");
    String huge = file("huge.txt", "x".repeat(70_000));
    assertThatThrownBy(() -> passwordFrom(huge))
        .hasMessageContaining("has 70000 bytes; an MQTT password is at most 65535");
  }

  @Test
  void theCliReportsInvalidOptionsWithExitCode2AndTheMessage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {"--scenario", "fanin", "--qos", "7"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--qos must be 0, 1 or 2 (was 7)");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
