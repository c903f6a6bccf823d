package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.AuditDropped;
import io.aviary.audit.event.AuditRecord.AuthenticationFailed;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.audit.event.AuditRecord.Subscribed;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit stream with a real Kafka: what the broker decides reaches the topic with the fields the
 * contract promises, and a Kafka outage costs counted audit events, never a routed message.
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
class AuditIT {
  private static final String POLICY =
      """
      {"version": "2.0", "default_action": "deny", "rules": [
        {"name": "public", "topic": "public/#", "action": "all", "effect": "allow"},
        {"name": "no-secrets", "topic": "secret/#", "action": "all", "effect": "deny"}
      ]}
      """;

  @Inject Listeners listeners;
  @InjectKafka EmbeddedKafka kafka;

  private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

  @AfterEach
  void disconnect() {
    if (!kafka.isRunning()) {
      kafka.restart();
    }
    for (Mqtt5BlockingClient c : clients) {
      if (c.getState().isConnected()) {
        c.disconnect();
      }
    }
  }

  @Test
  void aBadTokenADeniedSubscribeAndAnAbruptDisconnectReachTheTopicWithTheirFields()
      throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    TestOrgs.writePolicy(org.org(), POLICY);
    AuditStream stream = new AuditStream(kafka);

    // A token signed with another secret.
    TestOrgs.HsOrg forger = TestOrgs.hs256();
    String forged =
        new TestOrgs.HsOrg(org.org(), org.idpId(), org.issuer(), forger.secret()).token("mallory");
    assertThatThrownBy(() -> client(org, "mallory-device", forged))
        .isInstanceOf(Mqtt5ConnAckException.class);
    AuthenticationFailed failure =
        stream.await(AuthenticationFailed.class, e -> org.org().value().equals(e.orgId()));
    assertThat(failure.reason()).isEqualTo(AuthFailure.BAD_SIGNATURE);
    assertThat(failure.clientId()).isEqualTo("mallory-device");
    assertThat(failure.username()).isEqualTo(org.username("mallory"));
    assertThat(failure.originIp()).isEqualTo("127.0.0.1");
    assertThat(failure.listener()).isEqualTo("mqtt");
    assertThat(failure.nodeId()).isEqualTo("node-audit-it");

    // Connected, then a subscription the policy refuses.
    Mqtt5BlockingClient alice = client(org, "alice-laptop", org.token("alice"));
    ClientConnected connected =
        stream.await(ClientConnected.class, e -> e.clientId().equals("alice-laptop"));
    assertThat(connected.orgId()).isEqualTo(org.org().value());
    assertThat(connected.principal()).isEqualTo("alice");
    assertThat(connected.idp()).isEqualTo(org.idpId());
    assertThat(connected.transport()).isEqualTo(ClientConnected.Transport.TCP);
    assertThat(connected.mqttVersion()).isEqualTo(ClientConnected.MqttVersion.V5_0);
    assertThat(connected.tlsVersion()).isNull();
    assertThat(connected.originIp()).isEqualTo("127.0.0.1");
    assertThat(connected.originPort()).isPositive();
    assertThat(connected.bindings()).containsEntry("user_id", List.of("alice"));
    assertThat(connected.cleanStart()).isTrue();
    assertThat(connected.sessionPresent()).isFalse();

    assertThatThrownBy(
            () ->
                alice.subscribeWith().topicFilter("secret/plans").qos(MqttQos.AT_LEAST_ONCE).send())
        .isInstanceOf(Mqtt5SubAckException.class);
    AclDecided denied =
        stream.await(
            AclDecided.class,
            e -> e.clientId().equals("alice-laptop") && e.verdict() == AclDecided.Verdict.DENY);
    assertThat(denied.action()).isEqualTo(AclDecided.Action.SUBSCRIBE);
    assertThat(denied.topic()).isEqualTo("secret/plans");
    assertThat(denied.rule()).isEqualTo("no-secrets");
    assertThat(denied.reason()).isEqualTo(Decision.Reason.RULE);
    assertThat(denied.principal()).isEqualTo("alice");
    assertThat(denied.policyVersion()).isPositive(); // the policy file's modification time

    alice.subscribeWith().topicFilter("public/news").qos(MqttQos.AT_LEAST_ONCE).send();
    Subscribed subscribed =
        stream.await(Subscribed.class, e -> e.clientId().equals("alice-laptop"));
    assertThat(subscribed.filter()).isEqualTo("public/news");
    assertThat(subscribed.qos()).isEqualTo(1);

    // An MQTT 3.1.1 client whose connection drops without DISCONNECT.
    MqttAsyncClient paho =
        new MqttAsyncClient(
            "tcp://127.0.0.1:" + new TestBroker(listeners).mqttPort(),
            "bob-sensor",
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(org.username("bob"));
    options.setPassword(org.token("bob").toCharArray());
    paho.connect(options).waitForCompletion(10_000);
    stream.await(
        ClientConnected.class,
        e ->
            e.clientId().equals("bob-sensor")
                && e.mqttVersion() == ClientConnected.MqttVersion.V3_1_1);
    paho.disconnectForcibly(0, 1000, false); // closes the socket, sends no DISCONNECT
    paho.close();
    ClientDisconnected gone =
        stream.await(ClientDisconnected.class, e -> e.clientId().equals("bob-sensor"));
    assertThat(gone.kind()).isEqualTo(ClientDisconnected.Kind.UNGRACEFUL);
    assertThat(gone.orgId()).isEqualTo(org.org().value());
    assertThat(gone.durationMs()).isNotNegative();
  }

  @Test
  void withAllowedPublishesOffOnlyDenialsAreRecorded() throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    TestOrgs.writePolicy(org.org(), POLICY);
    TestOrgs.writeAudit(org, "none", 0);
    AuditStream stream = new AuditStream(kafka);
    Mqtt5BlockingClient carol = client(org, "carol-agent", org.token("carol"));
    for (int i = 0; i < 20; i++) {
      carol.publishWith().topic("public/x").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("p")).send();
    }
    carol.publishWith().topic("secret/x").qos(MqttQos.AT_MOST_ONCE).payload(bytes("p")).send();

    AclDecided denied = stream.await(AclDecided.class, e -> e.clientId().equals("carol-agent"));
    assertThat(denied.verdict()).isEqualTo(AclDecided.Verdict.DENY);
    assertThat(denied.topic()).isEqualTo("secret/x");
    // The denial came after the twenty allowed publishes on the same partition: none was written.
    assertThat(
            stream.all(
                AclDecided.class,
                e -> e.clientId().equals("carol-agent") && e.verdict() == AclDecided.Verdict.ALLOW))
        .isEmpty();
  }

  @Test
  void whileKafkaIsDownMessagesAreRoutedAndLostEventsAreCountedThenReported() throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    TestOrgs.writeAudit(org, "all", 0);
    AuditStream stream = new AuditStream(kafka);
    Mqtt5BlockingClient subscriber = client(org, "dave-dashboard", org.token("dave"));
    Mqtt5BlockingClient.Mqtt5Publishes inbox = subscriber.publishes(MqttGlobalPublishFilter.ALL);
    subscriber.subscribeWith().topicFilter("load/#").qos(MqttQos.AT_LEAST_ONCE).send();
    Mqtt5BlockingClient publisher = client(org, "erin-gateway", org.token("erin"));
    publisher.publishWith().topic("load/0").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("0")).send();
    stream.await(AclDecided.class, e -> e.clientId().equals("erin-gateway"));
    assertThat(inbox.receive(10, TimeUnit.SECONDS)).isPresent();

    double droppedBefore = TestBroker.metric("aviary_audit_dropped_total", null);
    kafka.stop();
    int during = 3000;
    for (int i = 1; i <= during; i++) {
      publisher
          .publishWith()
          .topic("load/" + i)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(bytes(Integer.toString(i)))
          .send(); // acknowledged by the broker without waiting for Kafka
      Optional<Mqtt5Publish> got = inbox.receive(10, TimeUnit.SECONDS);
      assertThat(got).as("message %d routed while Kafka is down", i).isPresent();
    }
    // The producer's buffer and then the broker's are full: the rest was dropped and counted.
    assertThat(TestBroker.metric("aviary_audit_queued", null))
        .isEqualTo(TestBroker.metric("aviary_audit_capacity", null))
        .isGreaterThanOrEqualTo(AuditProfile.BUFFER_EVENTS);
    double dropped = TestBroker.metric("aviary_audit_dropped_total", null) - droppedBefore;
    assertThat(dropped).isPositive();

    kafka.restart();
    // Every publish is on the topic as a verdict, or counted in the organization's marker.
    int published = during + 1;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              long verdicts =
                  stream.all(AclDecided.class, e -> e.clientId().equals("erin-gateway")).size();
              long reported =
                  stream.all(AuditDropped.class, e -> e.orgId().equals(org.org().value())).stream()
                      .mapToLong(AuditDropped::dropped)
                      .sum();
              return verdicts + reported == published;
            });
    long reported =
        stream.all(AuditDropped.class, e -> e.orgId().equals(org.org().value())).stream()
            .mapToLong(AuditDropped::dropped)
            .sum();
    assertThat((double) reported).isEqualTo(dropped);
    assertThat(TestBroker.metric("aviary_audit_queued", null)).isZero();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Mqtt5BlockingClient client(TestOrgs.HsOrg org, String clientId, String token) {
    String user = clientId.substring(0, clientId.indexOf('-'));
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(clientId)
            .serverHost("127.0.0.1")
            .serverPort(new TestBroker(listeners).mqttPort())
            .simpleAuth()
            .username(org.username(user))
            .password(bytes(token))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    clients.add(client);
    return client;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
