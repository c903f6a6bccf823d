package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;

/** Assertions about sessions that the tenancy tests share. */
final class Sessions {
  private Sessions() {}

  /** The client's session works: what it publishes to {@code topic} comes back to it. */
  static void assertRoundTrip(Mqtt5BlockingClient client, String topic) throws Exception {
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes =
        client.publishes(MqttGlobalPublishFilter.ALL)) {
      client.subscribeWith().topicFilter(topic).send();
      client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(publishes.receive(10, TimeUnit.SECONDS)).isPresent();
    }
  }

  /** The session ends with DISCONNECT {@code reason} from the broker, within 15 s. */
  static void assertDisconnectedWith(
      CompletableFuture<Throwable> disconnected, Mqtt5DisconnectReasonCode reason) {
    assertThat(disconnected)
        .succeedsWithin(Duration.ofSeconds(15))
        .isInstanceOfSatisfying(
            Mqtt5DisconnectException.class,
            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(reason));
  }

  /** CONNECT is refused with {@code reason}. */
  static void assertRefusedWith(Mqtt5BlockingClient client, Mqtt5ConnAckReasonCode reason) {
    Assertions.assertThatThrownBy(client::connect)
        .isInstanceOfSatisfying(
            Mqtt5ConnAckException.class,
            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(reason));
  }
}
