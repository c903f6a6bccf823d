package io.aviary.node.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged broker as an operator runs it: started in dev mode from the built jar, then sent
 * SIGTERM. A connected MQTT 5 client must get DISCONNECT 0x8B (server shutting down), a 3.1.1
 * client a close, and the process must exit on its own.
 */
class ShutdownIT {

  @Test
  void sigtermDisconnectsClientsWithServerShuttingDown() throws Exception {
    try (BrokerProcess broker =
        BrokerProcess.start(
                Map.of(
                    "AVIARY_DEV_MODE",
                    "true",
                    "AVIARY_TENANCY_ANONYMOUS_ORG",
                    "org_testtesttest",
                    "AVIARY_DATA_DIR",
                    Files.createTempDirectory("aviary-shutdown-it").toString()))
            .awaitStarted()) {
      int port = broker.port("mqtt");
      CompletableFuture<Throwable> v5Disconnected = new CompletableFuture<>();
      Mqtt5BlockingClient v5 =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier("shutdown-v5")
              .serverHost("127.0.0.1")
              .serverPort(port)
              .addDisconnectedListener(ctx -> v5Disconnected.complete(ctx.getCause()))
              .buildBlocking();
      v5.connect();
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

      broker.terminate(); // SIGTERM

      Throwable cause = v5Disconnected.get(30, TimeUnit.SECONDS);
      assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
      assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
      assertThat(v3Disconnected.get(30, TimeUnit.SECONDS)).isNotNull();
      // 143 = 128 + SIGTERM: the JVM ran its shutdown (a forced kill would be 137).
      assertThat(broker.awaitExit()).as("exit value after SIGTERM").isEqualTo(143);
    }
  }
}
