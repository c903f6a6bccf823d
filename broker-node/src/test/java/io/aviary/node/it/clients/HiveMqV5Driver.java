package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import java.util.Optional;
import org.awaitility.Awaitility;

/** The HiveMQ MQTT client's MQTT 5 API (MQTT 5.0): TCP, TLS and WebSocket. */
final class HiveMqV5Driver extends JavaClientDriver {
  private Mqtt5AsyncClient client;
  private int clientPort;

  HiveMqV5Driver(BrokerEndpoint endpoint, Transport transport, String clientId) {
    super(endpoint, transport, clientId);
  }

  @Override
  public Optional<Boolean> connect(ConnectOptions options) throws Exception {
    int port = connectPort(options);
    if (client == null || clientPort != port) {
      closeClient();
      client = HiveMq.builder(endpoint, transport, clientId(), port).useMqttVersion5().buildAsync();
      clientPort = port;
      // Registered before connecting, so messages of a resumed session are not missed.
      client.publishes(
          MqttGlobalPublishFilter.ALL,
          p ->
              received.add(
                  new Received(
                      p.getTopic().toString(),
                      new String(p.getPayloadAsBytes(), UTF_8),
                      p.getQos().getCode(),
                      p.isRetain(),
                      Optional.empty())));
    }
    var connect =
        client
            .connectWith()
            .cleanStart(options.cleanStart())
            .sessionExpiryInterval(options.sessionExpirySeconds())
            .keepAlive(30);
    Will w = options.will();
    if (w != null) {
      connect =
          connect
              .willPublish()
              .topic(w.topic())
              .payload(w.payload().getBytes(UTF_8))
              .qos(MqttQos.fromCode(w.qos()))
              .retain(w.retain())
              .applyWillPublish();
    }
    Mqtt5ConnAck ack = HiveMq.await(connect.send());
    return Optional.of(ack.isSessionPresent());
  }

  @Override
  public void subscribe(String filter, int qos) throws Exception {
    Mqtt5SubAck ack =
        HiveMq.await(client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send());
    int granted = ack.getReasonCodes().get(0).getCode();
    if (granted != qos) {
      throw new IllegalStateException(
          "SUBACK for " + filter + " at QoS " + qos + " granted " + granted);
    }
  }

  @Override
  public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
    Mqtt5PublishResult result =
        HiveMq.await(
            client
                .publishWith()
                .topic(topic)
                .payload(payload.getBytes(UTF_8))
                .qos(MqttQos.fromCode(qos))
                .retain(retain)
                .send());
    if (result.getError().isPresent()) {
      throw new IllegalStateException(
          "PUBLISH to " + topic + " at QoS " + qos + " failed", result.getError().get());
    }
  }

  @Override
  public void disconnect() throws Exception {
    HiveMq.await(client.disconnect());
  }

  @Override
  public void drop() {
    cutRelay();
    Awaitility.await("HiveMQ notices the lost connection")
        .atMost(TIMEOUT)
        .until(() -> !client.getState().isConnected());
  }

  @Override
  public void close() {
    closeClient();
    closeRelay();
  }

  private void closeClient() {
    if (client != null && client.getState().isConnected()) {
      try {
        HiveMq.await(client.disconnect());
      } catch (Exception e) {
        // best effort
      }
    }
    client = null;
  }
}
