package io.aviary.node.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged broker as an operator runs it: started in dev mode from the built jar, then sent
 * SIGTERM. A connected MQTT 5 client must get DISCONNECT 0x8B (server shutting down), a 3.1.1
 * client a close, and the process must exit on its own.
 */
class ShutdownIT {
  private static final Pattern LISTENER =
      Pattern.compile("(mqtt|mqtts|wss) listener on [^:]+:(\\d+)");

  private Process broker;

  @AfterEach
  void killBroker() {
    if (broker != null && broker.isAlive()) {
      broker.destroyForcibly();
    }
  }

  @Test
  void sigtermDisconnectsClientsWithServerShuttingDown() throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    assertThat(jar).as("the packaged broker (built in the package phase)").exists();
    Path data = Files.createTempDirectory("aviary-shutdown-it");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true);
    pb.environment()
        .putAll(
            Map.of(
                "AVIARY_DEV_MODE", "true",
                "AVIARY_DATA_DIR", data.toString(),
                "AVIARY_HTTP_PORT", "0",
                "AVIARY_MQTT_PORT", "0",
                "AVIARY_MQTTS_PORT", "0",
                "AVIARY_WSS_PORT", "0",
                "AVIARY_MQTTS_HOST", "127.0.0.1",
                "AVIARY_WSS_HOST", "127.0.0.1"));
    broker = pb.start();
    Map<String, Integer> ports = new ConcurrentHashMap<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(ports, started, lines), "broker-output");
    reader.setDaemon(true);
    reader.start();
    started.get(60, TimeUnit.SECONDS);
    int port = ports.get("mqtt");

    CompletableFuture<Throwable> v5Disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient v5Listening =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("shutdown-v5-listener")
            .serverHost("127.0.0.1")
            .serverPort(port)
            .addDisconnectedListener(ctx -> v5Disconnected.complete(ctx.getCause()))
            .buildBlocking();
    v5Listening.connect();
    CompletableFuture<Throwable> v3Disconnected = new CompletableFuture<>();
    var v3 =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("shutdown-v3")
            .serverHost("127.0.0.1")
            .serverPort(port)
            .addDisconnectedListener(ctx -> v3Disconnected.complete(ctx.getCause()))
            .buildBlocking();
    v3.connect();

    broker.destroy(); // SIGTERM

    Throwable cause = v5Disconnected.get(30, TimeUnit.SECONDS);
    assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
    assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
        .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
    assertThat(v3Disconnected.get(30, TimeUnit.SECONDS)).isNotNull();
    assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("broker exits after SIGTERM").isTrue();
    // 143 = 128 + SIGTERM: the JVM ran its shutdown (a forced kill would be 137).
    assertThat(broker.exitValue()).as("exit value after SIGTERM").isEqualTo(143);
  }

  private void readLines(
      Map<String, Integer> ports, CompletableFuture<Void> started, BlockingQueue<String> lines) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        Matcher m = LISTENER.matcher(line);
        if (m.find()) {
          ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        if (line.contains("running in development mode")) {
          started.complete(null);
        }
      }
      started.completeExceptionally(
          new IllegalStateException("broker exited before starting:\n" + String.join("\n", lines)));
    } catch (IOException e) {
      started.completeExceptionally(e);
    }
  }
}
