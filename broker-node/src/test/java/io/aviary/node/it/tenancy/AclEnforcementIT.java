package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ACL v2 at the wire, with real tokens and real clients: every publish and subscribe is decided by
 * the organization's policy, bound to the identity in the token, and a new policy takes effect on
 * connected clients without a reconnect.
 */
@QuarkusTest
@TestProfile(TenancyProfile.class)
class AclEnforcementIT {
  private static final String AGENT_PIPELINES =
      PolicyDocument.write(Templates.get(Templates.AGENT_PIPELINES_ID).orElseThrow().policy());

  @Inject Listeners listeners;

  private TestOrgs.HsOrg org;
  private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
  private final Map<Mqtt5BlockingClient, Mqtt5BlockingClient.Mqtt5Publishes> flows =
      new java.util.IdentityHashMap<>();

  /**
   * An organization whose IdP maps agent_id, pipeline and role, on the Agent Pipelines template.
   */
  @BeforeEach
  void organization() {
    org = TestOrgs.hs256();
    JsonObject idp = org.idp();
    idp.put(
        "claim_mappings",
        new JsonObject()
            .put("user_id", "sub")
            .put("agent_id", "agent_id")
            .put("pipeline", "pipeline")
            .put("role", "role"));
    TestOrgs.writePolicy(org.org(), AGENT_PIPELINES);
    TestOrgs.write(org.org(), idp);
  }

  @AfterEach
  void disconnect() {
    for (Mqtt5BlockingClient c : clients) {
      if (c.getState().isConnected()) {
        c.disconnect();
      }
    }
  }

  @Test
  void anAgentReadsItsOwnInboxAndNoOtherOne() throws Exception {
    Mqtt5BlockingClient a1 = agent("a1", Map.of());
    Mqtt5BlockingClient a2 = agent("a2", Map.of());

    assertThat(granted(a1, "agents/a1/inbox", 1)).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    assertThat(refusedSubscription(a1, "agents/a2/inbox"))
        .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    // A wildcard over every inbox would include other agents' inboxes.
    assertThat(refusedSubscription(a1, "agents/+/inbox"))
        .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    assertThat(refusedSubscription(a1, "#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

    try (Mqtt5BlockingClient.Mqtt5Publishes inbox = received(a1)) {
      a2.publishWith()
          .topic("agents/a1/inbox")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(bytes("hi"))
          .send();
      Optional<Mqtt5Publish> got = inbox.receive(10, TimeUnit.SECONDS);
      assertThat(got).isPresent();
      assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }
  }

  @Test
  void aRefusedPublishGets0x87AndReachesNobody() throws Exception {
    Mqtt5BlockingClient a1 = agent("a1", Map.of());
    Mqtt5BlockingClient watcher = agent("watcher", Map.of());
    granted(watcher, "agents/+/status", 1);
    double deniedBefore = TestBroker.metric("aviary_acl_denied_total", "action=\"publish\"");

    try (Mqtt5BlockingClient.Mqtt5Publishes seen = received(watcher)) {
      // Not its own status: refused, never routed.
      assertThatThrownBy(
              () ->
                  a1.publishWith()
                      .topic("agents/a2/status")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(bytes("forged"))
                      .send())
          .isInstanceOfSatisfying(
              Mqtt5PubAckException.class,
              e ->
                  assertThat(e.getMqttMessage().getReasonCode())
                      .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
      a1.publishWith()
          .topic("agents/a1/status")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(bytes("up"))
          .send();
      // Same publisher, same connection: had the forged one been routed it would come first.
      Optional<Mqtt5Publish> first = seen.receive(10, TimeUnit.SECONDS);
      assertThat(first).isPresent();
      assertThat(first.get().getTopic().toString()).isEqualTo("agents/a1/status");
    }
    assertThat(TestBroker.metric("aviary_acl_denied_total", "action=\"publish\""))
        .isGreaterThan(deniedBefore);
  }

  @Test
  void mqtt311ClientsGetFailureInSubackAndTheirRefusedPublishesAreDropped() throws Exception {
    Mqtt5BlockingClient watcher = agent("watcher", Map.of());
    granted(watcher, "agents/+/status", 1);
    org.eclipse.paho.client.mqttv3.MqttClient paho =
        new org.eclipse.paho.client.mqttv3.MqttClient(
            "tcp://127.0.0.1:" + new TestBroker(listeners).mqttPort(),
            "a3",
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(org.username("a3"));
    options.setPassword(token("a3", Map.of()).toCharArray());
    paho.connect(options);
    try {
      IMqttToken refused = paho.subscribeWithResponse("agents/a9/inbox", 1);
      assertThat(refused.getGrantedQos()).containsExactly(0x80);
      IMqttToken allowed = paho.subscribeWithResponse("agents/a3/inbox", 1);
      assertThat(allowed.getGrantedQos()).containsExactly(1);

      try (Mqtt5BlockingClient.Mqtt5Publishes seen = received(watcher)) {
        // MQTT 3.1.1 cannot refuse a PUBLISH: it is acknowledged, and dropped.
        paho.publish("agents/a1/status", bytes("forged"), 1, false);
        paho.publish("agents/a3/status", bytes("up"), 1, false);
        Optional<Mqtt5Publish> first = seen.receive(10, TimeUnit.SECONDS);
        assertThat(first).isPresent();
        assertThat(first.get().getTopic().toString()).isEqualTo("agents/a3/status");
      }
    } finally {
      paho.disconnect();
      paho.close();
    }
  }

  @Test
  void aChangedPolicyTakesEffectOnConnectedClientsWithoutAReconnect() throws Exception {
    Mqtt5BlockingClient a1 = agent("a1", Map.of("pipeline", "p1"));
    Mqtt5BlockingClient feeder = agent("feeder", Map.of("pipeline", "p1"));
    granted(a1, "pipelines/p1/#", 1);
    granted(a1, "agents/a1/inbox", 1);

    // The organization drops pipelines from its policy.
    TestOrgs.writePolicy(
        org.org(), AGENT_PIPELINES.replace("\"pipelines/{claim:pipeline}/#\"", "\"retired/#\""));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () ->
                            feeder
                                .publishWith()
                                .topic("pipelines/p1/stage")
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .send())
                    .isInstanceOf(Mqtt5PubAckException.class));

    try (Mqtt5BlockingClient.Mqtt5Publishes seen = received(a1)) {
      // Its subscription to pipelines/p1/# is gone: an orchestrator's message to the inbox, sent
      // after one on the retired pipeline, is the first to arrive.
      Mqtt5BlockingClient orchestrator = agent("boss", Map.of("role", "orchestrator"));
      TestOrgs.writePolicy(
          org.org(),
          AGENT_PIPELINES
              .replace("\"pipelines/{claim:pipeline}/#\"", "\"retired/#\"")
              .replace("\"agents/#\"", "\"#\""));
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  orchestrator
                      .publishWith()
                      .topic("pipelines/p1/stage")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(bytes("after"))
                      .send());
      orchestrator
          .publishWith()
          .topic("agents/a1/inbox")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(bytes("fence"))
          .send();
      // Pipeline messages the feeder got through before the change may arrive first; none sent
      // after it may.
      List<String> before = new ArrayList<>();
      while (true) {
        Optional<Mqtt5Publish> next = seen.receive(10, TimeUnit.SECONDS);
        assertThat(next).as("received before the fence: %s", before).isPresent();
        String payload = new String(next.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
        if (payload.equals("fence")) {
          break;
        }
        before.add(next.get().getTopic() + " " + payload);
      }
      assertThat(before).noneMatch(m -> m.endsWith("after"));
    }
    assertThat(refusedSubscription(a1, "pipelines/p1/#"))
        .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    assertThat(a1.getState().isConnected()).as("never reconnected").isTrue();
    assertThat(TestBroker.metric("aviary_acl_rebinds_total", null)).isPositive();
    assertThat(TestBroker.metric("aviary_acl_denied_total", "action=\"subscription_removed\""))
        .isPositive();
  }

  @Test
  void retainedMessagesGoOnlyToSubscriptionsThePolicyAllows() throws Exception {
    Mqtt5BlockingClient boss = agent("boss", Map.of("role", "orchestrator"));
    boss.publishWith().topic("agents/a3/inbox").retain(true).payload(bytes("secret")).send();
    Mqtt5BlockingClient a2 = agent("a2", Map.of());
    a2.publishWith().topic("agents/a2/status").retain(true).payload(bytes("busy")).send();
    Mqtt5BlockingClient a1 = agent("a1", Map.of());
    List<Mqtt5Publish> seen = new ArrayList<>();
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes = received(a1)) {
      // '#' covers other agents' inboxes: refused, so none of their retained messages come.
      assertThat(refusedSubscription(a1, "#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
      assertThat(granted(a1, "agents/+/status", 1)).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
      a1.publishWith().topic("agents/a1/status").qos(MqttQos.AT_LEAST_ONCE).send(); // the fence
      while (seen.stream().noneMatch(p -> p.getTopic().toString().equals("agents/a1/status"))) {
        Optional<Mqtt5Publish> next = publishes.receive(10, TimeUnit.SECONDS);
        assertThat(next).as("received so far: %s", seen).isPresent();
        seen.add(next.get());
      }
    }
    assertThat(seen)
        .extracting(p -> p.getTopic().toString())
        .contains("agents/a2/status")
        .doesNotContain("agents/a3/inbox");
    assertThat(seen.get(0).isRetain()).isTrue();
  }

  @Test
  void anOrganizationWithoutAPolicyIsDenyAll() throws Exception {
    TestOrgs.removePolicy(org.org());
    Mqtt5BlockingClient a1 = agent("a1", Map.of());
    assertThat(refusedSubscription(a1, "agents/a1/inbox"))
        .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    assertThatThrownBy(() -> a1.publishWith().topic("anything").qos(MqttQos.AT_LEAST_ONCE).send())
        .isInstanceOf(Mqtt5PubAckException.class);
  }

  @Test
  void aWillOnATopicTheClientMayNotPublishToIsRefusedAtConnect() {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("a1")
            .serverHost("127.0.0.1")
            .serverPort(new TestBroker(listeners).mqttPort())
            .simpleAuth()
            .username(org.username("a1"))
            .password(bytes(token("a1", Map.of())))
            .applySimpleAuth()
            .willPublish()
            .topic("agents/a2/status")
            .payload(bytes("gone"))
            .applyWillPublish()
            .buildBlocking();
    Sessions.assertRefusedWith(client, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void aQosDowngradeRuleGrantsTheHighestAllowedLevel() throws Exception {
    TestOrgs.writePolicy(
        org.org(),
        """
        {"version": "2.0", "rules": [
          {"topic": "feed/#", "action": "subscribe", "effect": "allow",
           "qos": [0, 1], "qos_mode": "downgrade"},
          {"topic": "strict/#", "action": "subscribe", "effect": "allow", "qos": [0]}]}
        """);
    Mqtt5BlockingClient a1 = agent("a1", Map.of());
    assertThat(granted(a1, "feed/x", 2)).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    assertThat(refusedSubscription(a1, "strict/x", 1))
        .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Mqtt5BlockingClient agent(String agentId, Map<String, Object> claims) {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(agentId)
            .serverHost("127.0.0.1")
            .serverPort(new TestBroker(listeners).mqttPort())
            .simpleAuth()
            .username(org.username(agentId))
            .password(bytes(token(agentId, claims)))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    clients.add(client);
    // Registered before any SUBSCRIBE: a message that arrives with no publish flow registered
    // yet is dropped by the client.
    flows.put(client, client.publishes(MqttGlobalPublishFilter.ALL));
    return client;
  }

  /** What {@code client} receives, registered when it connected. */
  private Mqtt5BlockingClient.Mqtt5Publishes received(Mqtt5BlockingClient client) {
    return flows.get(client);
  }

  private String token(String agentId, Map<String, Object> claims) {
    Map<String, Object> all = new java.util.HashMap<>(claims);
    all.put("agent_id", agentId);
    return org.token(agentId, Duration.ofHours(1), all);
  }

  private static Mqtt5SubAckReasonCode granted(Mqtt5BlockingClient c, String filter, int qos) {
    Mqtt5SubAck ack = c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
    return ack.getReasonCodes().get(0);
  }

  private static Mqtt5SubAckReasonCode refusedSubscription(Mqtt5BlockingClient c, String filter) {
    return refusedSubscription(c, filter, 1);
  }

  private static Mqtt5SubAckReasonCode refusedSubscription(
      Mqtt5BlockingClient c, String filter, int qos) {
    try {
      Mqtt5SubAck ack = c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
      return ack.getReasonCodes().get(0);
    } catch (Mqtt5SubAckException e) {
      return e.getMqttMessage().getReasonCodes().get(0);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
