package io.aviary.node.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.aviary.node.it.tenancy.TenancyProfile;
import io.aviary.node.it.tenancy.TestOrgs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A single broker node killed (SIGKILL) and started again with the same data directory resumes its
 * persistent sessions, their queued QoS 1 messages and its retained messages from its journal.
 */
class JournalIT {
  private BrokerProcess broker;

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.kill();
    }
  }

  @Test
  void aKilledNodeRestartedWithItsDataDirectoryResumesSessionsQueuesAndRetainedMessages()
      throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    Map<String, String> env = new HashMap<>();
    env.put("AVIARY_DEV_MODE", "true");
    env.put("AVIARY_TENANCY_ANONYMOUS_ORG", "");
    env.put("AVIARY_TENANCY_ORGS_DIR", TenancyProfile.ORGS_DIR.toString());
    Path data = Files.createTempDirectory("aviary-journal");
    env.put("AVIARY_DATA_DIR", data.toString());
    broker = BrokerProcess.start(env).awaitStarted();

    Mqtt5BlockingClient keeper = client(org, "keeper", broker.port("mqtt"));
    keeper.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
    keeper.subscribeWith().topicFilter("journal/inbox").qos(MqttQos.AT_LEAST_ONCE).send();
    keeper.disconnect(); // the session stays, with its subscription

    Mqtt5BlockingClient pub = client(org, "journal-pub", broker.port("mqtt"));
    pub.connect();
    for (int k = 1; k <= 3; k++) {
      pub.publishWith()
          .topic("journal/inbox")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(("queued-" + k).getBytes(StandardCharsets.UTF_8))
          .send();
    }
    pub.publishWith()
        .topic("journal/state")
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload("kept".getBytes(StandardCharsets.UTF_8))
        .send();

    broker.kill(); // no goodbye: only what the journal committed before each PUBACK is left
    broker = BrokerProcess.start(env).awaitStarted();
    assertThat(broker.output()).contains("1 persistent sessions with 3 queued messages");

    Mqtt5BlockingClient back = client(org, "keeper", broker.port("mqtt"));
    try (var received = back.publishes(MqttGlobalPublishFilter.ALL)) {
      Mqtt5ConnAck ack = back.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
      assertThat(ack.isSessionPresent()).isTrue();
      for (int k = 1; k <= 3; k++) {
        assertThat(payload(received.receive(10, TimeUnit.SECONDS).orElseThrow()))
            .isEqualTo("queued-" + k);
      }
      // The subscription came back too: a new message reaches it.
      Mqtt5BlockingClient pub2 = client(org, "journal-pub", broker.port("mqtt"));
      pub2.connect();
      pub2.publishWith()
          .topic("journal/inbox")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("after".getBytes(StandardCharsets.UTF_8))
          .send();
      assertThat(payload(received.receive(10, TimeUnit.SECONDS).orElseThrow())).isEqualTo("after");
      pub2.disconnect();
    }
    back.disconnectWith().sessionExpiryInterval(0).send();

    Mqtt5BlockingClient reader = client(org, "journal-reader", broker.port("mqtt"));
    reader.connect();
    try (var received = reader.publishes(MqttGlobalPublishFilter.ALL)) {
      reader.subscribeWith().topicFilter("journal/state").qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(payload(received.receive(10, TimeUnit.SECONDS).orElseThrow())).isEqualTo("kept");
    }
    reader.disconnect();
  }

  private static String payload(Mqtt5Publish p) {
    return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
  }

  private static Mqtt5BlockingClient client(TestOrgs.HsOrg o, String clientId, int port) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(clientId)
        .serverHost("127.0.0.1")
        .serverPort(port)
        .simpleAuth()
        .username(o.username(clientId))
        .password(o.token(clientId).getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .buildBlocking();
  }
}
