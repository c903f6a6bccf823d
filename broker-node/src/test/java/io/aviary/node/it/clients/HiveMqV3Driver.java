package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import java.util.Optional;
import org.awaitility.Awaitility;

/** The HiveMQ MQTT client's MQTT 3 API (MQTT 3.1.1): TCP, TLS and WebSocket. */
final class HiveMqV3Driver extends JavaClientDriver {
  private Mqtt3AsyncClient client;
  private int clientPort;

  HiveMqV3Driver(BrokerEndpoint endpoint, Transport transport, String clientId) {
    super(endpoint, transport, clientId);
  }

  @Override
  public Optional<Boolean> connect(ConnectOptions options) throws Exception {
    int port = connectPort(options);
    if (client == null || clientPort != port) {
      closeClient();
      client = HiveMq.builder(endpoint, transport, clientId(), port).useMqttVersion3().buildAsync();
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
    var connect = client.connectWith().cleanSession(options.cleanStart()).keepAlive(30);
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
    Mqtt3ConnAck ack = HiveMq.await(connect.send());
    return Optional.of(ack.isSessionPresent());
  }

  @Override
  public void subscribe(String filter, int qos) throws Exception {
    Mqtt3SubAck ack =
        HiveMq.await(client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send());
    int granted = ack.getReturnCodes().get(0).getCode();
    if (granted != qos) {
      throw new IllegalStateException(
          "SUBACK for " + filter + " at QoS " + qos + " granted " + granted);
    }
  }

  @Override
  public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
    HiveMq.await(
        client
            .publishWith()
            .topic(topic)
            .payload(payload.getBytes(UTF_8))
            .qos(MqttQos.fromCode(qos))
            .retain(retain)
            .send());
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
