package io.aviary.node.it.clients;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttWebSocketConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What the HiveMQ MQTT 3 and MQTT 5 drivers share: transport setup and waiting on futures. */
final class HiveMq {
  private HiveMq() {}

  /** A builder for {@code transport} at {@code port} (the listener's, or a relay's). */
  static MqttClientBuilder builder(
      BrokerEndpoint endpoint, Transport transport, String clientId, int port) {
    MqttClientBuilder b =
        MqttClient.builder().identifier(clientId).serverHost(BrokerEndpoint.HOST).serverPort(port);
    if (transport.tls()) {
      b =
          b.sslConfig(
              MqttClientSslConfig.builder()
                  .keyManagerFactory(endpoint.keyManagers())
                  .trustManagerFactory(endpoint.trustManagers())
                  .build());
    }
    if (transport == Transport.WSS) {
      b =
          b.webSocketConfig(
              MqttWebSocketConfig.builder()
                  .serverPath(BrokerEndpoint.WEBSOCKET_PATH.substring(1))
                  .handshakeTimeout(ClientDriver.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                  .build());
    }
    return b;
  }

  /** Waits for {@code future}; rethrows its failure as is. */
  static <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(ClientDriver.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
