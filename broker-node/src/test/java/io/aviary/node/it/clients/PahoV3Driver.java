package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho MQTT v3 (MQTT 3.1.1): tcp://, ssl:// and wss:// URIs. */
final class PahoV3Driver extends JavaClientDriver {
  private MqttClient client;

  PahoV3Driver(BrokerEndpoint endpoint, Transport transport, String clientId) {
    super(endpoint, transport, clientId);
  }

  @Override
  public Optional<Boolean> connect(ConnectOptions options) throws Exception {
    int port = connectPort(options);
    String uri =
        switch (transport) {
              case TCP -> "tcp://";
              case TLS -> "ssl://";
              case WSS -> "wss://";
            }
            + BrokerEndpoint.HOST
            + ":"
            + port
            + (transport == Transport.WSS ? BrokerEndpoint.WEBSOCKET_PATH : "");
    // Reconnect with the same client object (and its persistence) unless the address changed.
    if (client == null || !client.getServerURI().equals(uri)) {
      closeClient();
      client = new MqttClient(uri, clientId(), new MemoryPersistence());
    }
    client.setTimeToWait(TIMEOUT.toMillis());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(
                new Received(
                    topic,
                    new String(message.getPayload(), UTF_8),
                    message.getQos(),
                    message.isRetained(),
                    Optional.of(message.isDuplicate())));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(options.cleanStart());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout((int) CONNECT_TIMEOUT.toSeconds());
    o.setKeepAliveInterval(30);
    if (transport.tls()) {
      o.setSocketFactory(endpoint.sslContext().getSocketFactory());
      o.setHttpsHostnameVerificationEnabled(true);
    }
    Will w = options.will();
    if (w != null) {
      o.setWill(w.topic(), w.payload().getBytes(UTF_8), w.qos(), w.retain());
    }
    IMqttToken token = client.connectWithResult(o);
    return Optional.of(token.getSessionPresent());
  }

  @Override
  public void subscribe(String filter, int qos) throws Exception {
    IMqttToken token = client.subscribeWithResponse(filter, qos);
    int[] granted = token.getGrantedQos();
    if (granted.length != 1 || granted[0] != qos) {
      throw new IllegalStateException(
          "SUBACK for " + filter + " at QoS " + qos + " granted " + granted[0]);
    }
  }

  @Override
  public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
    client.publish(topic, payload.getBytes(UTF_8), qos, retain);
  }

  @Override
  public void disconnect() throws Exception {
    client.disconnect();
  }

  @Override
  public void drop() {
    cutRelay();
    Awaitility.await("Paho notices the lost connection")
        .atMost(TIMEOUT)
        .until(() -> !client.isConnected());
  }

  @Override
  public void close() {
    closeClient();
    closeRelay();
  }

  private void closeClient() {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(0);
      }
    } catch (MqttException e) {
      // best effort
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // best effort
    }
    client = null;
  }
}
