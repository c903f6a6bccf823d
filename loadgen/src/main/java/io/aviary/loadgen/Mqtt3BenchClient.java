package io.aviary.loadgen;

import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link BenchClient} over the HiveMQ MQTT 3.1.1 async client. */
final class Mqtt3BenchClient implements BenchClient {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final Mqtt3AsyncClient client;
  private final String id;
  private final ConcurrentMap<String, MqttTopic> topics = new ConcurrentHashMap<>();

  private final boolean persistent;

  Mqtt3BenchClient(Mqtt3AsyncClient client, String id, boolean persistent) {
    this.client = client;
    this.id = id;
    this.persistent = persistent;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletableFuture<?> connect(int keepAliveSeconds) {
    return client.connectWith().cleanSession(!persistent).keepAlive(keepAliveSeconds).send();
  }

  @Override
  public CompletableFuture<?> subscribe(String filter, int qos, MessageHandler handler) {
    return client
        .subscribeWith()
        .topicFilter(filter)
        .qos(Mqtt5BenchClient.qosOf(qos))
        .callback(
            publish ->
                handler.onMessage(
                    publish.getTopic().toString(), publish.getPayload().orElse(EMPTY)))
        .send();
  }

  @Override
  public CompletableFuture<?> publish(String topic, int qos, byte[] payload) {
    return client
        .publishWith()
        .topic(topics.computeIfAbsent(topic, MqttTopic::of))
        .qos(Mqtt5BenchClient.qosOf(qos))
        .payload(payload)
        .send();
  }

  @Override
  public CompletableFuture<?> disconnect() {
    return client.disconnect();
  }

  @Override
  public boolean isConnected() {
    return client.getState().isConnected();
  }
}
