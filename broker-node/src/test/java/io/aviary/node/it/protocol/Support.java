package io.aviary.node.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.node.it.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Checks shared by the protocol tests. */
final class Support {
  private Support() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A metric's current value (0 when the series does not exist yet). */
  static double metric(String name, String labelFragment) {
    return TestBroker.metric(name, labelFragment);
  }

  /** Waits until the metric is above {@code before}; returns the new value. */
  static double awaitMetricAbove(String name, String labelFragment, double before) {
    double[] now = new double[1];
    await()
        .alias(name + "{" + labelFragment + "} to grow past " + before)
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              now[0] = metric(name, labelFragment);
              return now[0] > before;
            });
    return now[0];
  }

  /**
   * The broker still does its job: a fresh MQTT 5 client connects, subscribes, publishes at QoS 1
   * and receives its own message.
   */
  static void assertBrokerServes(int port) {
    String topic = TestBroker.topicPrefix("alive") + "/t";
    try (RawMqttClient c = RawMqttClient.open(port)) {
      c.connect5(TestBroker.clientId("alive"), Props.none());
      assertThat(c.subscribe(topic, 1).codeList()).containsExactly(1);
      byte[] payload = utf8("still alive");
      c.publishQos1(topic, Props.none(), payload);
      RawMqttClient.Publish p = c.expect(Packets.PUBLISH).publish();
      assertThat(p.topic()).isEqualTo(topic);
      assertThat(p.payload()).isEqualTo(payload);
      c.ack(p);
      c.disconnect();
    }
  }
}
