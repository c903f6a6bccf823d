package io.aviary.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.aviary.pki.SslContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The platform as the README runs it ({@code ./aviary dev}): the standalone launcher's jar started
 * as a child process with a fresh data directory and free ports, ready once it prints its banner.
 */
final class Platform implements AutoCloseable {
  /** The JIT of every process a test starts: C1 only (see {@link #start}). */
  static final String C1 = "-XX:TieredStopAtLevel=1";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String READY = "Aviary is running in development mode";

  private final Process process;
  private final Path data;
  private final Map<String, Integer> ports;
  private final List<String> output = new ArrayList<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private Platform(Process process, Path data, Map<String, Integer> ports) {
    this.process = process;
    this.data = data;
    this.ports = ports;
  }

  static Platform start() throws IOException {
    return start(1);
  }

  /**
   * Starts {@code ./aviary dev --nodes brokerNodes}. Node i of a cluster listens on each broker
   * port + i, so every broker port is the first of {@code brokerNodes} free ones in a row.
   */
  static Platform start(int brokerNodes) throws IOException {
    return start(brokerNodes, Map.of());
  }

  /** Starts {@code ./aviary dev --nodes brokerNodes} with {@code extraEnv} for every service. */
  static Platform start(int brokerNodes, Map<String, String> extraEnv) throws IOException {
    Path root = Path.of(System.getProperty("aviary.root", "..")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("aviary-platform-it");
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String name :
        List.of(
            "HTTP",
            "TENANT_HTTP",
            "ACL_HTTP",
            "AUDIT_HTTP",
            "BROKER_HTTP",
            "MQTTS",
            "WSS",
            "MQTT",
            "KAFKA")) {
      ports.put(name, freePorts(1));
    }
    if (brokerNodes > 1) {
      for (String name : List.of("BROKER_HTTP", "MQTTS", "WSS", "MQTT", "CLUSTER", "CLUSTER_BUS")) {
        ports.put(name, freePorts(brokerNodes));
      }
    }
    Map<String, String> env = new HashMap<>();
    env.put("AVIARY_DATA_DIR", data.toString());
    ports.forEach((name, port) -> env.put("AVIARY_" + name + "_PORT", String.valueOf(port)));
    env.put("AVIARY_MQTTS_HOST", "127.0.0.1");
    env.put("AVIARY_WSS_HOST", "127.0.0.1");
    // C1 alone: services that live for one test class start about a quarter faster (a broker:
    // 3.4 s against 2.6 s) and never run long enough for C2 to pay off.
    env.put("AVIARY_JAVA_OPTS", "-Xmx384m " + C1);
    env.put("AVIARY_TENANT_API_JAVA_OPTS", "-Xmx384m " + C1);
    env.put("AVIARY_ACL_JAVA_OPTS", "-Xmx256m " + C1);
    env.put("AVIARY_AUDIT_JAVA_OPTS", "-Xmx256m " + C1);
    env.put("AVIARY_CONSOLE_JAVA_OPTS", "-Xmx192m " + C1);
    env.putAll(extraEnv);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                C1,
                "-Daviary.root=" + root,
                "-jar",
                root.resolve("standalone/target/aviary-standalone.jar").toString(),
                "--nodes",
                Integer.toString(brokerNodes))
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Platform platform = new Platform(builder.start(), data, ports);
    Thread.ofPlatform().daemon().name("platform-output").start(platform::read);
    return platform;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        if (line.contains(READY)) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IllegalStateException("the platform exited:\n" + output()));
  }

  Platform awaitReady(Duration timeout) throws Exception {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the platform did not start:\n" + output(), e);
    }
    return this;
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  int port(String name) {
    return ports.get(name);
  }

  String api() {
    return "http://127.0.0.1:" + port("HTTP");
  }

  String aclService() {
    return "http://127.0.0.1:" + port("ACL_HTTP");
  }

  String auditPipeline() {
    return "http://127.0.0.1:" + port("AUDIT_HTTP");
  }

  Path data() {
    return data;
  }

  /**
   * An MQTT 5 client (not connected) with {@code clientId} for the TLS listener on {@code port},
   * trusting the platform's dev CA.
   */
  Mqtt5BlockingClient mqttClient(
      int port,
      String clientId,
      String username,
      String password,
      CompletableFuture<Throwable> disconnected)
      throws Exception {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(clientId)
        .serverHost("localhost")
        .serverPort(port)
        .sslConfig(
            MqttClientSslConfig.builder()
                .trustManagerFactory(
                    SslContexts.trustManagerFactory(data.resolve("certs").resolve("ca.pem")))
                .build())
        .simpleAuth()
        .username(username)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
        .buildBlocking();
  }

  /** Writes {@code org}'s ACL policy through acl-service and expects it stored (201). */
  void putPolicy(String org, String bearer, String policy) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(aclService() + "/api/v1/orgs/" + org + "/acl"))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(policy))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** The SUBACK reason code for one filter, granted or refused. */
  static Mqtt5SubAckReasonCode subscribeCode(Mqtt5BlockingClient c, String filter) {
    try {
      return c.subscribeWith().topicFilter(filter).send().getReasonCodes().get(0);
    } catch (Mqtt5SubAckException e) {
      return e.getMqttMessage().getReasonCodes().get(0);
    }
  }

  /** The variables of {@code demo.env}. */
  Map<String, String> demoEnv() throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(data.resolve("demo.env"), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
      }
    }
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** The first of {@code count} consecutive ports that are free now. */
  private static int freePorts(int count) throws IOException {
    while (true) {
      int first;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        first = socket.getLocalPort();
      }
      if (first + count <= 65_535 && allFree(first + 1, count - 1)) {
        return first;
      }
    }
  }

  private static boolean allFree(int from, int count) {
    for (int p = from; p < from + count; p++) {
      try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        // free
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws Exception {
    if (!process.isAlive()) {
      // It died under the tests: say why, before its data directory goes.
      System.err.println(
          "The platform had exited ("
              + process.exitValue()
              + ") before the tests ended:\n"
              + output());
      try (Stream<Path> logs = Files.list(data.resolve("logs"))) {
        for (Path log : logs.sorted().toList()) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          System.err.println(
              "--- last lines of "
                  + log.getFileName()
                  + ":\n"
                  + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
      } catch (IOException e) {
        System.err.println("(no child logs: " + e + ")");
      }
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
