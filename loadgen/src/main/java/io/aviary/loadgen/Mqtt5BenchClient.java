package io.aviary.loadgen;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link BenchClient} over the HiveMQ MQTT 5 async client. */
final class Mqtt5BenchClient implements BenchClient {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final Mqtt5AsyncClient client;
  private final String id;
  private final ConcurrentMap<String, MqttTopic> topics = new ConcurrentHashMap<>();

  private final long sessionExpiry;

  Mqtt5BenchClient(Mqtt5AsyncClient client, String id, long sessionExpiry) {
    this.client = client;
    this.id = id;
    this.sessionExpiry = sessionExpiry;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletableFuture<?> connect(int keepAliveSeconds) {
    return client
        .connectWith()
        .cleanStart(true)
        .sessionExpiryInterval(sessionExpiry)
        .keepAlive(keepAliveSeconds)
        .send();
  }

  @Override
  public CompletableFuture<?> subscribe(String filter, int qos, MessageHandler handler) {
    return client
        .subscribeWith()
        .topicFilter(filter)
        .qos(qosOf(qos))
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
        .qos(qosOf(qos))
        .payload(payload)
        .send()
        .thenApply(Mqtt5BenchClient::checkResult);
  }

  private static Mqtt5PublishResult checkResult(Mqtt5PublishResult result) {
    if (result.getError().isPresent()) {
      throw new CompletionException(result.getError().get());
    }
    return result;
  }

  @Override
  public CompletableFuture<?> disconnect() {
    return client.disconnect();
  }

  @Override
  public boolean isConnected() {
    return client.getState().isConnected();
  }

  static MqttQos qosOf(int qos) {
    MqttQos value = MqttQos.fromCode(qos);
    if (value == null) {
      throw new IllegalArgumentException("invalid QoS " + qos);
    }
    return value;
  }
}
