package io.aviary.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The thinnest end-to-end path: one Paho client publishes, another receives, over plain TCP. */
@QuarkusTest
class SmokeIT {
  @Inject Listeners listeners;

  @Test
  void publishedMessageReachesSubscriber() throws Exception {
    TestBroker broker = new TestBroker(listeners);
    String uri = "tcp://127.0.0.1:" + broker.mqttPort();
    String topic = TestBroker.topicPrefix("smoke") + "/hello";
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
    MqttClient sub = new MqttClient(uri, TestBroker.clientId("sub"), new MemoryPersistence());
    MqttClient pub = new MqttClient(uri, TestBroker.clientId("pub"), new MemoryPersistence());
    try {
      sub.connect(options);
      sub.subscribe(
          topic, 1, (t, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
      pub.connect(options);
      pub.publish(topic, "hello".getBytes(StandardCharsets.UTF_8), 1, false);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
    } finally {
      pub.disconnect();
      sub.disconnect();
      pub.close();
      sub.close();
    }
  }
}
