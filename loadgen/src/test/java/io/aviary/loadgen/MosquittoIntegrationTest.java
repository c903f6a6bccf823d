package io.aviary.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the scenarios through the CLI code path ({@link Main#run}) against a real Mosquitto on an
 * ephemeral loopback port. Fails (does not skip) when Mosquitto is not installed.
 */
class MosquittoIntegrationTest {

  /** The Debian package's binary; {@code -Daviary.mosquitto=PATH} points elsewhere. */
  private static final Path MOSQUITTO =
      Path.of(System.getProperty("aviary.mosquitto", "/usr/sbin/mosquitto"));

  @TempDir static Path dir;

  private static Process broker;
  private static int port;
  private static int tlsPort;
  private static int mtlsPort;
  private static TestCertificates certificates;

  @BeforeAll
  static void startMosquitto() throws IOException {
    if (!Files.isExecutable(MOSQUITTO)) {
      fail(
          MOSQUITTO
              + " not found: this integration test needs the Debian package 'mosquitto'"
              + " (apt-get install -y mosquitto); the CI script installs it");
    }
    port = freePort();
    tlsPort = freePort();
    mtlsPort = freePort();
    certificates = TestCertificates.create(dir.resolve("pki"));
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "allow_anonymous true",
            "persistence false",
            // Run as the current user: as root, Mosquitto would otherwise switch to the user
            // 'mosquitto', which cannot read the key in this private temporary directory.
            "user " + System.getProperty("user.name"),
            "listener " + port + " 127.0.0.1",
            "listener " + tlsPort + " 127.0.0.1",
            "certfile " + certificates.serverPem(),
            "keyfile " + certificates.serverKeyPem(),
            "listener " + mtlsPort + " 127.0.0.1",
            "certfile " + certificates.serverPem(),
            "keyfile " + certificates.serverKeyPem(),
            "cafile " + certificates.caPem(),
            "require_certificate true",
            ""),
        StandardCharsets.US_ASCII);
    Path log = dir.resolve("mosquitto.log");
    broker =
        new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await("mosquitto accepting connections on 127.0.0.1:" + port)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!broker.isAlive()) {
                fail("mosquitto exited with " + broker.exitValue() + ": " + Files.readString(log));
              }
              return accepts(port) && accepts(tlsPort) && accepts(mtlsPort);
            });
  }

  @AfterAll
  static void stopMosquitto() throws InterruptedException {
    if (broker != null) {
      broker.destroy();
      if (!broker.waitFor(10, TimeUnit.SECONDS)) {
        broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs the CLI; returns the parsed JSON line after checking the exit status. */
  private static JsonNode run(String... options) throws IOException {
    return runOn(port, options);
  }

  private static JsonNode runOn(int port, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "" + port));
    args.addAll(List.of("--max-runtime", "60", "--broker-pid", "" + broker.pid()));
    args.addAll(List.of(options));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(status)
        .as("exit status; stdout:%n%s%nstderr:%n%s", stdout, err.toString(StandardCharsets.UTF_8))
        .isZero();
    String[] lines = stdout.strip().split("\\R");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("status").asText()).as(stdout).isEqualTo("ok");
    assertThat(json.get("errors").get("count").asLong()).as(stdout).isZero();
    return json;
  }

  @ParameterizedTest
  @ValueSource(strings = {"fanin", "pairs", "fanout"})
  void messagingScenarioLosesNothing(String scenario) throws IOException {
    JsonNode json =
        run(
            "--scenario",
            scenario,
            "--clients",
            "3",
            "--qos",
            "1",
            "--rate",
            "300",
            "--warmup",
            "1",
            "--duration",
            "2",
            "--drain",
            "5",
            "--label",
            "it-" + scenario);
    assertThat(json.get("scenario").asText()).isEqualTo(scenario);
    assertThat(json.get("label").asText()).isEqualTo("it-" + scenario);
    long sent = json.get("sent").asLong();
    long expected = json.get("expected_deliveries").asLong();
    long received = json.get("received_deliveries").asLong();
    assertThat(sent).isPositive();
    assertThat(received).isPositive().isEqualTo(expected);
    assertThat(json.get("lost").asLong()).isZero();
    assertThat(json.get("duplicates").asLong()).isZero();
    assertThat(json.get("loss_exact").asBoolean()).isTrue();
    assertThat(expected).isEqualTo(scenario.equals("fanout") ? 3 * sent : sent);
    assertThat(json.get("latency_ms").get("count").asLong()).isEqualTo(received);
    assertThat(json.get("latency_ms").get("p50").asDouble()).isPositive();
    assertThat(json.get("connect").get("succeeded").asInt())
        .isEqualTo(json.get("connections").asInt());
    assertThat(json.get("broker").get("rss_kb_after").asLong()).isPositive();
  }

  @Test
  void tlsWithCaFile() throws IOException {
    JsonNode json =
        runOn(
            tlsPort,
            "--tls",
            "--cafile",
            certificates.caPem().toString(),
            "--scenario",
            "pairs",
            "--clients",
            "2",
            "--qos",
            "1",
            "--rate",
            "200",
            "--warmup",
            "0",
            "--duration",
            "1");
    assertThat(json.get("tls").asBoolean()).isTrue();
    assertThat(json.get("received_deliveries").asLong()).isPositive();
    assertThat(json.get("lost").asLong()).isZero();
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() throws IOException {
    JsonNode json =
        runOn(
            mtlsPort,
            "--tls",
            "--cafile",
            certificates.caPem().toString(),
            "--cert",
            certificates.clientPem().toString(),
            "--key",
            certificates.clientKeyPem().toString(),
            "--scenario",
            "storm",
            "--clients",
            "5",
            "--connect-concurrency",
            "5");
    assertThat(json.get("client_cert").asBoolean()).isTrue();
    assertThat(json.get("connect").get("succeeded").asInt()).isEqualTo(5);
  }

  @Test
  void mutualTlsWithoutACertificateFails() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {
              "--port",
              "" + mtlsPort,
              "--tls",
              "--cafile",
              certificates.caPem().toString(),
              "--scenario",
              "storm",
              "--clients",
              "2",
              "--connect-timeout",
              "5",
              "--max-runtime",
              "30",
              "--json"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"client_cert\":false");
  }

  @Test
  void jsonOnlyPrintsExactlyOneLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {
              "--port", "" + port, "--scenario", "pairs", "--clients", "2", "--qos", "2",
              "--mqtt-version", "3", "--window", "10", "--warmup", "0", "--duration", "1",
              "--max-runtime", "30", "--json"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    String stdout = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(stdout.lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(stdout);
    assertThat(json.get("mqtt_version").asText()).isEqualTo("3.1.1");
    assertThat(json.get("lost").asLong()).isZero();
    assertThat(json.get("received_deliveries").asLong()).isPositive();
  }

  @Test
  void stormConnectsEveryClient() throws IOException {
    JsonNode json =
        run(
            "--scenario",
            "storm",
            "--clients",
            "50",
            "--connect-concurrency",
            "10",
            "--warm-connects",
            "10");
    assertThat(json.get("connect").get("succeeded").asInt()).isEqualTo(50);
    assertThat(json.get("connect").get("connects_per_s").asDouble()).isPositive();
    assertThat(json.get("connect").get("connack_p99_ms").asDouble()).isPositive();
  }

  @Test
  void idleConnectionsStayConnected() throws IOException {
    JsonNode json =
        run("--scenario", "idle", "--clients", "10", "--duration", "2", "--keep-alive", "1");
    assertThat(json.get("idle").get("still_connected").asInt()).isEqualTo(10);
    assertThat(json.get("idle").get("dropped").asInt()).isZero();
  }
}
