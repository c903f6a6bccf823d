package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Eclipse Paho MQTT v5 (MQTT 5.0): tcp://, ssl:// and wss:// URIs. */
final class PahoV5Driver extends JavaClientDriver {
  private MqttClient client;

  PahoV5Driver(BrokerEndpoint endpoint, Transport transport, String clientId) {
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
    // A fresh client per connection: Paho v5 1.2.5 reusing an MqttClient after DISCONNECT now and
    // then never completed the next connect's token although CONNACK had arrived (a raw client
    // doing the same resume 100 times always got CONNACK first, then the queued messages).
    closeClient();
    client = new MqttClient(uri, clientId(), new MemoryPersistence());
    client.setTimeToWait(TIMEOUT.toMillis());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse response) {}

          @Override
          public void mqttErrorOccurred(MqttException exception) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(
                new Received(
                    topic,
                    new String(message.getPayload(), UTF_8),
                    message.getQos(),
                    message.isRetained(),
                    // Paho v5 1.2.5 keeps the DUP bit on the packet, never on the MqttMessage:
                    // isDuplicate() is always false for received messages.
                    Optional.empty()));
          }

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverURI) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(options.cleanStart());
    if (options.sessionExpirySeconds() > 0) {
      o.setSessionExpiryInterval(options.sessionExpirySeconds());
    }
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout((int) CONNECT_TIMEOUT.toSeconds());
    o.setKeepAliveInterval(30);
    if (transport.tls()) {
      o.setSocketFactory(endpoint.sslContext().getSocketFactory());
      o.setHttpsHostnameVerificationEnabled(true);
    }
    Will w = options.will();
    if (w != null) {
      MqttMessage will = new MqttMessage(w.payload().getBytes(UTF_8));
      will.setQos(w.qos());
      will.setRetained(w.retain());
      o.setWill(w.topic(), will);
    }
    IMqttToken token = client.connectWithResult(o);
    return Optional.of(token.getSessionPresent());
  }

  @Override
  public void subscribe(String filter, int qos) throws Exception {
    IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)});
    int[] codes = token.getReasonCodes();
    if (codes.length != 1 || codes[0] != qos) {
      throw new IllegalStateException(
          "SUBACK for " + filter + " at QoS " + qos + " returned reason code " + codes[0]);
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
