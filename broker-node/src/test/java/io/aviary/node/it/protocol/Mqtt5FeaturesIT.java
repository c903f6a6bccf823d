package io.aviary.node.it.protocol;

import static io.aviary.node.it.protocol.Packets.DISCONNECT;
import static io.aviary.node.it.protocol.Packets.PINGRESP;
import static io.aviary.node.it.protocol.Packets.PUBLISH;
import static io.aviary.node.it.protocol.Packets.PUBREC;
import static io.aviary.node.it.protocol.Packets.options;
import static io.aviary.node.it.protocol.Support.awaitMetricAbove;
import static io.aviary.node.it.protocol.Support.metric;
import static io.aviary.node.it.protocol.Support.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.aviary.node.it.TestBroker;
import io.aviary.node.it.protocol.RawMqttClient.Packet;
import io.aviary.node.it.protocol.RawMqttClient.Publish;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 5 features end to end, mostly through {@link RawMqttClient} so that every property and flag
 * on the wire can be checked; the HiveMQ client checks property pass-through with a real library.
 * Absence is proved with barriers rather than waits. Deliveries from one publisher to one
 * subscriber keep their order, so a sentinel published last arrives after anything the earlier
 * publishes caused. And a connection's packets are handled in order on its event loop, so the
 * PINGRESP to a PINGREQ sent after a PUBACK comes after whatever that PUBACK released.
 */
@QuarkusTest
class Mqtt5FeaturesIT {
  private static final String DROPPED = "aviary_messages_dropped_total";

  @Inject Listeners listeners;

  private int port;

  @BeforeEach
  void setUp() {
    port = new TestBroker(listeners).mqttPort();
  }

  // ---- CONNECT pipelining ---------------------------------------------------------------------

  /**
   * A client need not wait for CONNACK before sending more packets (MQTT 3.1.1 and 5, section
   * 3.1.4, non-normative): CONNECT, SUBSCRIBE and PUBLISH in one write must be answered CONNACK,
   * SUBACK, PUBACK and the delivery, in that order.
   */
  @ParameterizedTest(name = "MQTT 5: {0}")
  @ValueSource(booleans = {true, false})
  void packetsSentRightAfterConnectAreServedAfterConnack(boolean v5) {
    String topic = TestBroker.topicPrefix("pipeline") + "/t";
    byte[] connect = new Packets.Connect(v5, TestBroker.clientId("pipeline")).build();
    byte[] subscribe =
        Packets.subscribe(v5, 1, Props.none(), new Packets.Sub(topic, options(1, false, false, 0)));
    byte[] publish = Packets.publish(v5, topic, 1, false, 2, Props.none(), utf8("pipelined"));
    byte[] all = new Bytes().raw(connect).raw(subscribe).raw(publish).toArray();
    try (RawMqttClient c = RawMqttClient.open(port)) {
      c.v5 = v5;
      c.send(all);
      Packet first = c.readOrClosed(RawMqttClient.TIMEOUT);
      assertThat(first)
          .as("CONNACK expected after sending %s, but the connection closed", Bytes.hex(all, 80))
          .isNotNull();
      assertThat(first.connack().reasonCode()).isZero();
      assertThat(c.expect(Packets.SUBACK).suback().codeList()).containsExactly(1);
      assertThat(c.expect(Packets.PUBACK).ack().packetId()).isEqualTo(2);
      Publish p = c.expect(PUBLISH).publish();
      assertThat(p.text()).isEqualTo("pipelined");
      c.ack(p);
      c.disconnect();
    }
  }

  // ---- properties forwarded unchanged ---------------------------------------------------------

  @Test
  void publishPropertiesArriveUnchanged() throws Exception {
    String topic = TestBroker.topicPrefix("props") + "/t";
    byte[] correlation = {0, 1, 2, (byte) 0xFE, (byte) 0xFF};
    Mqtt5BlockingClient sub = hivemq("props-sub");
    Mqtt5BlockingClient pub = hivemq("props-pub");
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes =
        sub.publishes(MqttGlobalPublishFilter.ALL)) {
      sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
      pub.publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(utf8("{\"t\":21.5}"))
          .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
          .contentType("application/json")
          .responseTopic(topic + "/reply")
          .correlationData(correlation)
          .userProperties()
          .add("k", "v1")
          .add("k", "v2")
          .add("unicode", "\u00fc\u20ac")
          .applyUserProperties()
          .send();
      Mqtt5Publish got = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
      assertThat(got.getTopic().toString()).isEqualTo(topic);
      assertThat(got.getPayloadAsBytes()).isEqualTo(utf8("{\"t\":21.5}"));
      assertThat(got.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
      assertThat(got.getContentType().map(Object::toString)).contains("application/json");
      assertThat(got.getResponseTopic().map(Object::toString)).contains(topic + "/reply");
      ByteBuffer data = got.getCorrelationData().orElseThrow();
      byte[] received = new byte[data.remaining()];
      data.get(received);
      assertThat(received).isEqualTo(correlation);
      assertThat(
              got.getUserProperties().asList().stream()
                  .map(u -> u.getName() + "=" + u.getValue())
                  .toList())
          .containsExactly("k=v1", "k=v2", "unicode=\u00fc\u20ac");
    } finally {
      pub.disconnect();
      sub.disconnect();
    }
  }

  // ---- subscriptions --------------------------------------------------------------------------

  @Test
  void subscriptionIdentifiersAreDelivered() {
    String prefix = TestBroker.topicPrefix("subid");
    try (RawMqttClient sub = client("subid-sub", Props.none());
        RawMqttClient pub = client("subid-pub", Props.none())) {
      sub.subscribe(
          Props.none().put(Props.SUBSCRIPTION_IDENTIFIER, 7),
          new Packets.Sub(prefix + "/+", options(1, false, false, 0)));
      sub.subscribe(
          Props.none().put(Props.SUBSCRIPTION_IDENTIFIER, 300_000),
          new Packets.Sub(prefix + "/#", options(1, false, false, 0)));
      sub.subscribe(prefix + "/x/y", options(1, false, false, 0));
      pub.publishQos1(prefix + "/x", Props.none(), utf8("both"));
      pub.publishQos1(prefix + "/x/y", Props.none(), utf8("deep"));

      Publish both = sub.readPublish();
      assertThat(both.text()).isEqualTo("both");
      assertThat(both.props().integers(Props.SUBSCRIPTION_IDENTIFIER))
          .containsExactlyInAnyOrder(7, 300_000);
      sub.ack(both);
      // prefix/x/y matches prefix/# (id 300000) and prefix/x/y (no id), not prefix/+.
      Publish deep = sub.readPublish();
      assertThat(deep.text()).isEqualTo("deep");
      assertThat(deep.props().integers(Props.SUBSCRIPTION_IDENTIFIER)).containsExactly(300_000);
      sub.ack(deep);
    }
  }

  @Test
  void noLocalSuppressesTheClientsOwnMessages() {
    String topic = TestBroker.topicPrefix("nolocal") + "/t";
    try (RawMqttClient self = client("nolocal-self", Props.none());
        RawMqttClient other = client("nolocal-other", Props.none())) {
      self.subscribe(topic, options(1, true, false, 0));
      // Routing to the publisher itself happens before its PUBACK, on its own event loop: a
      // delivery of "own" would reach the socket before the message from the other client.
      self.publishQos1(topic, Props.none(), utf8("own"));
      other.publishQos1(topic, Props.none(), utf8("from other"));
      Publish first = self.readPublish();
      assertThat(first.text())
          .as("No Local: the own message must not come back")
          .isEqualTo("from other");
      self.ack(first);
    }
  }

  @Test
  void retainAsPublishedKeepsTheRetainFlag() {
    String topic = TestBroker.topicPrefix("rap") + "/t";
    try (RawMqttClient keep = client("rap-keep", Props.none());
        RawMqttClient clear = client("rap-clear", Props.none());
        RawMqttClient pub = client("rap-pub", Props.none())) {
      keep.subscribe(topic, options(1, false, true, 0));
      clear.subscribe(topic, options(1, false, false, 0));
      pub.send(Packets.publish(true, topic, 1, true, 1, Props.none(), utf8("retained")));
      pub.expect(Packets.PUBACK);

      Publish kept = keep.readPublish();
      assertThat(kept.text()).isEqualTo("retained");
      assertThat(kept.retain()).as("Retain As Published: RETAIN stays 1").isTrue();
      Publish cleared = clear.readPublish();
      assertThat(cleared.retain()).as("without Retain As Published: RETAIN is 0").isFalse();

      // A new subscription gets the retained message with RETAIN 1 whatever the option.
      try (RawMqttClient late = client("rap-late", Props.none())) {
        late.subscribe(topic, options(1, false, false, 0));
        Publish stored = late.readPublish();
        assertThat(stored.text()).isEqualTo("retained");
        assertThat(stored.retain()).isTrue();
      }
      clearRetained(pub, topic);
    }
  }

  @Test
  void retainHandlingZeroOneAndTwo() {
    String topic = TestBroker.topicPrefix("rh") + "/t";
    try (RawMqttClient pub = client("rh-pub", Props.none())) {
      pub.send(Packets.publish(true, topic, 1, true, 1, Props.none(), utf8("stored")));
      pub.expect(Packets.PUBACK);
      try (RawMqttClient rh0 = client("rh0", Props.none());
          RawMqttClient rh1 = client("rh1", Props.none());
          RawMqttClient rh2 = client("rh2", Props.none())) {
        // 0: on every subscribe [MQTT-3.3.1-9].
        assertThat(subscribeAndCollect(rh0, pub, topic, 0)).containsExactly("stored", "live");
        assertThat(subscribeAndCollect(rh0, pub, topic, 0)).containsExactly("stored", "live");
        // 1: only when the subscription is new [MQTT-3.3.1-10].
        assertThat(subscribeAndCollect(rh1, pub, topic, 1)).containsExactly("stored", "live");
        assertThat(subscribeAndCollect(rh1, pub, topic, 1)).containsExactly("live");
        // 2: never [MQTT-3.3.1-11].
        assertThat(subscribeAndCollect(rh2, pub, topic, 2)).containsExactly("live");
      }
      clearRetained(pub, topic);
    }
  }

  /**
   * Subscribes with {@code retainHandling}, then has {@code pub} send a live message: what arrives
   * before it (retained messages are sent right after SUBACK) and the live one.
   */
  private static List<String> subscribeAndCollect(
      RawMqttClient sub, RawMqttClient pub, String topic, int retainHandling) {
    sub.subscribe(topic, options(1, false, false, retainHandling));
    pub.publishQos1(topic, Props.none(), utf8("live"));
    List<String> got = new ArrayList<>();
    while (true) {
      Publish p = sub.readPublish();
      sub.ack(p);
      got.add(p.text());
      if (p.text().equals("live")) {
        return got;
      }
    }
  }

  // ---- sessions -------------------------------------------------------------------------------

  @Test
  void expiredQueuedMessageIsNotDeliveredOnReconnect() {
    String topic = TestBroker.topicPrefix("expiry") + "/t";
    String id = TestBroker.clientId("expiry");
    Props persistent = Props.none().put(Props.SESSION_EXPIRY_INTERVAL, 300);
    try (RawMqttClient sub = clientWithId(id, persistent)) {
      sub.subscribe(topic, options(1, false, false, 0));
      sub.disconnectAndAwaitClose();
    }
    long expiresBy;
    try (RawMqttClient pub = client("expiry-pub", Props.none())) {
      pub.publishQos1(topic, Props.none().put(Props.MESSAGE_EXPIRY_INTERVAL, 1), utf8("short"));
      expiresBy = System.currentTimeMillis() + 1_000;
      pub.publishQos1(topic, Props.none().put(Props.MESSAGE_EXPIRY_INTERVAL, 100), utf8("long"));
      pub.publishQos1(topic, Props.none(), utf8("forever"));
    }
    // Let the 1 s expiry pass on the clock (the broker stamped it before our PUBACK arrived).
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> System.currentTimeMillis() > expiresBy + 50);
    try (RawMqttClient sub = RawMqttClient.open(port)) {
      RawMqttClient.Connack ack =
          sub.connectAccepted(
              new Packets.Connect(true, id).cleanStart(false).props(persistent), true);
      assertThat(ack.sessionPresent()).isTrue();
      Publish first = sub.readPublish();
      sub.ack(first);
      assertThat(first.text()).as("the expired message must be skipped").isEqualTo("long");
      Integer remaining = first.props().integer(Props.MESSAGE_EXPIRY_INTERVAL);
      assertThat(remaining).as("Message Expiry Interval counts down").isBetween(90, 100);
      Publish second = sub.readPublish();
      sub.ack(second);
      assertThat(second.text()).isEqualTo("forever");
      assertThat(second.props().has(Props.MESSAGE_EXPIRY_INTERVAL)).isFalse();
      endSession(sub);
    }
  }

  @Test
  void sessionTakeoverDisconnectsTheFirstConnectionAndSendsItsWill() {
    String id = TestBroker.clientId("takeover");
    String willTopic = TestBroker.topicPrefix("takeover") + "/will";
    double before = metric("aviary_disconnects_total", "kind=\"taken_over\"");
    try (RawMqttClient watcher = client("takeover-watch", Props.none());
        RawMqttClient first = RawMqttClient.open(port);
        RawMqttClient second = RawMqttClient.open(port)) {
      watcher.subscribe(willTopic, options(1, false, false, 0));
      first.connectAccepted(
          new Packets.Connect(true, id).will(willTopic, utf8("gone"), 1, false, Props.none()),
          true);
      second.connectAccepted(new Packets.Connect(true, id), true);

      Packet ended = first.readOrClosed(RawMqttClient.TIMEOUT);
      assertThat(ended).as("first connection: DISCONNECT 0x8E expected").isNotNull();
      assertThat(ended.type()).as("%s", ended).isEqualTo(DISCONNECT);
      assertThat(ended.disconnect().reasonCode()).as("%s", ended).isEqualTo(0x8E);
      assertThat(first.awaitClosed(RawMqttClient.TIMEOUT)).isTrue();

      Publish will = watcher.readPublish();
      assertThat(will.topic()).isEqualTo(willTopic);
      assertThat(will.text()).isEqualTo("gone");
      watcher.ack(will);
      second.disconnect();
    }
    awaitMetricAbove("aviary_disconnects_total", "kind=\"taken_over\"", before);
  }

  /** A takeover that resumes the session within the Will Delay Interval sends no will. */
  @Test
  void takeoverResumingTheSessionWithinTheWillDelaySendsNoWill() {
    String id = TestBroker.clientId("takeover-delay");
    String willTopic = TestBroker.topicPrefix("takeover-delay") + "/will";
    Props persistent = Props.none().put(Props.SESSION_EXPIRY_INTERVAL, 60);
    try (RawMqttClient watcher = client("delay-watch", Props.none());
        RawMqttClient first = RawMqttClient.open(port);
        RawMqttClient second = RawMqttClient.open(port)) {
      watcher.subscribe(willTopic, options(1, false, false, 0));
      first.connectAccepted(
          new Packets.Connect(true, id)
              .props(persistent)
              .will(
                  willTopic,
                  utf8("gone"),
                  1,
                  false,
                  Props.none().put(Props.WILL_DELAY_INTERVAL, 60)),
          true);
      RawMqttClient.Connack resumed =
          second.connectAccepted(
              new Packets.Connect(true, id).cleanStart(false).props(persistent), true);
      assertThat(resumed.sessionPresent()).isTrue();
      Packet ended = first.readOrClosed(RawMqttClient.TIMEOUT);
      assertThat(ended).isNotNull();
      assertThat(ended.disconnect().reasonCode()).isEqualTo(0x8E);

      second.publishQos1(willTopic, Props.none(), utf8("sentinel"));
      Publish p = watcher.readPublish();
      watcher.ack(p);
      assertThat(p.text()).as("no will before the sentinel").isEqualTo("sentinel");
      endSession(second);
    }
  }

  @Test
  void persistentSessionQueueIsBounded() {
    String topic = TestBroker.topicPrefix("queue") + "/t";
    String id = TestBroker.clientId("queue");
    Props persistent = Props.none().put(Props.SESSION_EXPIRY_INTERVAL, 300);
    try (RawMqttClient sub = clientWithId(id, persistent)) {
      sub.subscribe(topic, options(1, false, false, 0));
      sub.disconnectAndAwaitClose();
    }
    double before = metric(DROPPED, "reason=\"queue_full\"");
    int sent = 1010;
    try (RawMqttClient pub = client("queue-pub", Props.none())) {
      Bytes all = new Bytes();
      for (int i = 0; i < sent; i++) {
        all.raw(Packets.publish(true, topic, 1, false, i + 1, Props.none(), utf8("m" + i)));
      }
      pub.send(all.toArray());
      for (int i = 0; i < sent; i++) {
        pub.expect(Packets.PUBACK);
      }
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> metric(DROPPED, "reason=\"queue_full\"") >= before + 10);
    assertThat(metric(DROPPED, "reason=\"queue_full\"")).isEqualTo(before + 10);

    try (RawMqttClient sub = RawMqttClient.open(port);
        RawMqttClient pub = client("queue-pub2", Props.none())) {
      RawMqttClient.Connack ack =
          sub.connectAccepted(
              new Packets.Connect(true, id).cleanStart(false).props(persistent), true);
      assertThat(ack.sessionPresent()).isTrue();
      for (int i = 0; i < 1000; i++) {
        Publish p = sub.readPublish();
        assertThat(p.text()).as("queued message %d in order", i).isEqualTo("m" + i);
        sub.ack(p);
      }
      pub.publishQos1(topic, Props.none(), utf8("after"));
      Publish next = sub.readPublish();
      assertThat(next.text()).as("nothing beyond the 1000 queued").isEqualTo("after");
      sub.ack(next);
      endSession(sub);
    }
  }

  // ---- flow control ---------------------------------------------------------------------------

  @Test
  void clientReceiveMaximumBoundsUnacknowledgedDeliveries() {
    String topic = TestBroker.topicPrefix("rm") + "/t";
    try (RawMqttClient sub = client("rm-sub", Props.none().put(Props.RECEIVE_MAXIMUM, 2));
        RawMqttClient pub = client("rm-pub", Props.none())) {
      sub.subscribe(topic, options(1, false, false, 0));
      sub.subscribe(topic + "/sentinel", options(0, false, false, 0));
      for (int i = 0; i < 5; i++) {
        pub.publishQos1(topic, Props.none(), utf8("m" + i));
      }
      // QoS 0 is not held back by the window: the sentinel overtakes m2..m4 once they are queued.
      pub.publishQos1(topic + "/sentinel", Props.none(), utf8("sentinel"));
      List<Publish> window = untilSentinel(sub, "sentinel", false);
      assertThat(window).extracting(Publish::text).containsExactly("m0", "m1");
      sub.ack(window.get(0));
      List<Publish> next = untilPong(sub);
      assertThat(next).extracting(Publish::text).containsExactly("m2");
      sub.ack(window.get(1));
      sub.ack(next.get(0));
      List<Publish> rest = untilPong(sub);
      assertThat(rest).extracting(Publish::text).containsExactly("m3", "m4");
      rest.forEach(sub::ack);
    }
  }

  @Test
  void exceedingOurReceiveMaximumWithQos2IsRefused() {
    String topic = TestBroker.topicPrefix("qos2") + "/t";
    double before = metric("aviary_protocol_errors_total", "reason=\"receive_maximum_exceeded\"");
    try (RawMqttClient pub = client("qos2-pub", Props.none())) {
      Integer ours = pub.connack().props().integer(Props.RECEIVE_MAXIMUM);
      assertThat(ours).isEqualTo(128);
      Bytes all = new Bytes();
      for (int i = 1; i <= ours + 1; i++) {
        all.raw(Packets.publish(true, topic, 2, false, i, Props.none(), utf8("q" + i)));
      }
      pub.send(all.toArray());
      int pubrecs = 0;
      Packet last;
      while (true) {
        last = pub.readOrClosed(RawMqttClient.TIMEOUT);
        if (last == null || last.type() != PUBREC) {
          break;
        }
        pubrecs++;
      }
      assertThat(pubrecs).as("PUBREC for the first %d QoS 2 messages", ours).isEqualTo(ours);
      assertThat(last).as("DISCONNECT 0x93 after message %d", ours + 1).isNotNull();
      assertThat(last.type()).as("%s", last).isEqualTo(DISCONNECT);
      assertThat(last.disconnect().reasonCode()).as("%s", last).isEqualTo(0x93);
      assertThat(pub.awaitClosed(RawMqttClient.TIMEOUT)).isTrue();
    }
    awaitMetricAbove("aviary_protocol_errors_total", "reason=\"receive_maximum_exceeded\"", before);
  }

  // ---- topic aliases --------------------------------------------------------------------------

  @Test
  void inboundTopicAliasesAreSetUsedAndReplaced() {
    String prefix = TestBroker.topicPrefix("alias-in");
    try (RawMqttClient sub = client("alias-in-sub", Props.none());
        RawMqttClient pub = client("alias-in-pub", Props.none())) {
      sub.subscribe(prefix + "/#", options(1, false, false, 0));
      pub.publishQos1(prefix + "/a", Props.none().put(Props.TOPIC_ALIAS, 1), utf8("one"));
      pub.publishQos1("", Props.none().put(Props.TOPIC_ALIAS, 1), utf8("two"));
      pub.publishQos1(prefix + "/b", Props.none().put(Props.TOPIC_ALIAS, 1), utf8("three"));
      pub.publishQos1("", Props.none().put(Props.TOPIC_ALIAS, 1), utf8("four"));
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Publish p = sub.readPublish();
        sub.ack(p);
        got.add(p.topic().substring(prefix.length()) + " " + p.text());
      }
      assertThat(got).containsExactly("/a one", "/a two", "/b three", "/b four");
    }
  }

  @Test
  void outboundTopicAliasesWithinTheClientsMaximum() {
    String topic = TestBroker.topicPrefix("alias-out") + "/t";
    try (RawMqttClient sub = client("alias-out", Props.none().put(Props.TOPIC_ALIAS_MAXIMUM, 4));
        RawMqttClient plain = client("alias-none", Props.none());
        RawMqttClient pub = client("alias-out-pub", Props.none())) {
      sub.subscribe(topic, options(1, false, false, 0));
      plain.subscribe(topic, options(1, false, false, 0));
      for (String m : List.of("first", "second", "third")) {
        pub.publishQos1(topic, Props.none(), utf8(m));
      }
      Publish first = sub.readPublish();
      sub.ack(first);
      assertThat(first.topic()).isEqualTo(topic);
      Integer alias = first.props().integer(Props.TOPIC_ALIAS);
      assertThat(alias)
          .as("alias set with the first message: %s", first)
          .isNotNull()
          .isBetween(1, 4);
      for (String m : List.of("second", "third")) {
        Publish p = sub.readPublish();
        sub.ack(p);
        assertThat(p.text()).isEqualTo(m);
        assertThat(p.topic()).as("topic replaced by the alias: %s", p).isEmpty();
        assertThat(p.props().integer(Props.TOPIC_ALIAS)).isEqualTo(alias);
      }
      // A client that announced no Topic Alias Maximum never gets one [MQTT-3.3.2-9].
      for (String m : List.of("first", "second", "third")) {
        Publish p = plain.readPublish();
        plain.ack(p);
        assertThat(p.text()).isEqualTo(m);
        assertThat(p.topic()).isEqualTo(topic);
        assertThat(p.props().has(Props.TOPIC_ALIAS)).isFalse();
      }
    }
  }

  /**
   * A message too large for the client is not sent, so the client never learns an alias the broker
   * assigned to it: the next message on that topic must carry the topic name.
   */
  @Test
  void aliasIsNotUsedBeforeTheClientLearnedIt() {
    String topic = TestBroker.topicPrefix("alias-big") + "/t";
    Props props =
        Props.none().put(Props.TOPIC_ALIAS_MAXIMUM, 4).put(Props.MAXIMUM_PACKET_SIZE, 100);
    try (RawMqttClient sub = client("alias-big", props);
        RawMqttClient pub = client("alias-big-pub", Props.none())) {
      sub.subscribe(topic, options(1, false, false, 0));
      pub.publishQos1(topic, Props.none(), new byte[200]);
      pub.publishQos1(topic, Props.none(), utf8("small"));
      Publish p = sub.readPublish();
      sub.ack(p);
      assertThat(p.text()).isEqualTo("small");
      assertThat(p.topic())
          .as("first PUBLISH the client receives must name the topic: %s", p)
          .isEqualTo(topic);
    }
  }

  // ---- CONNACK values -------------------------------------------------------------------------

  @Test
  void serverKeepAliveIsAnnouncedWhenItDiffers() {
    assertThat(keepAliveGranted(0)).as("keep-alive 0 is capped").isEqualTo(3600);
    assertThat(keepAliveGranted(1)).as("keep-alive below the minimum is raised").isEqualTo(5);
    assertThat(keepAliveGranted(30)).as("an acceptable keep-alive is not overridden").isNull();
  }

  private Integer keepAliveGranted(int requested) {
    try (RawMqttClient c = RawMqttClient.open(port)) {
      RawMqttClient.Connack ack =
          c.connectAccepted(
              new Packets.Connect(true, TestBroker.clientId("ka")).keepAlive(requested), true);
      c.disconnect();
      return ack.props().integer(Props.SERVER_KEEP_ALIVE);
    }
  }

  @Test
  void clientMaximumPacketSizeIsRespected() {
    String topic = TestBroker.topicPrefix("mps") + "/t";
    double before = metric(DROPPED, "reason=\"packet_too_large\"");
    try (RawMqttClient sub = client("mps", Props.none().put(Props.MAXIMUM_PACKET_SIZE, 100));
        RawMqttClient pub = client("mps-pub", Props.none())) {
      sub.subscribe(topic, options(1, false, false, 0));
      pub.publishQos1(topic, Props.none(), new byte[200]);
      pub.publishQos1(topic, Props.none(), utf8("small"));
      Publish p = sub.readPublish();
      sub.ack(p);
      assertThat(p.text()).as("the 200-byte message is not delivered").isEqualTo("small");
    }
    awaitMetricAbove(DROPPED, "reason=\"packet_too_large\"", before);
  }

  // ---- routing --------------------------------------------------------------------------------

  @Test
  void sharedSubscriptionSpreadsMessagesOverMembers() {
    String topic = TestBroker.topicPrefix("shared") + "/t";
    try (RawMqttClient a = client("shared-a", Props.none());
        RawMqttClient b = client("shared-b", Props.none());
        RawMqttClient pub = client("shared-pub", Props.none())) {
      for (RawMqttClient member : List.of(a, b)) {
        member.subscribe("$share/g/" + topic, options(1, false, false, 0));
        member.subscribe(topic + "/sentinel", options(1, false, false, 0));
      }
      for (int i = 0; i < 10; i++) {
        pub.publishQos1(topic, Props.none(), utf8("s" + i));
      }
      pub.publishQos1(topic + "/sentinel", Props.none(), utf8("sentinel"));
      List<Publish> toA = untilSentinel(a, "sentinel");
      List<Publish> toB = untilSentinel(b, "sentinel");
      assertThat(toA).as("member a").isNotEmpty();
      assertThat(toB).as("member b").isNotEmpty();
      Set<String> all = new HashSet<>();
      toA.forEach(p -> all.add(p.text()));
      toB.forEach(p -> all.add(p.text()));
      assertThat(toA.size() + toB.size())
          .as("each message once: a=%s b=%s", toA, toB)
          .isEqualTo(10);
      assertThat(all).hasSize(10);
    }
  }

  @Test
  void overlappingSubscriptionsOfAn311ClientDeliverOnce() {
    String prefix = TestBroker.topicPrefix("overlap");
    try (RawMqttClient sub = RawMqttClient.open(port);
        RawMqttClient pub = client("overlap-pub", Props.none())) {
      sub.connect311(TestBroker.clientId("overlap"));
      RawMqttClient.Suback ack =
          sub.subscribe(
              Props.none(),
              new Packets.Sub(prefix + "/#", 0),
              new Packets.Sub(prefix + "/+/c", 1),
              new Packets.Sub(prefix + "/b/c", 2));
      assertThat(ack.codeList()).containsExactly(0, 1, 2);
      pub.publishQos1(prefix + "/b/c", Props.none(), utf8("once"));
      pub.publishQos1(prefix + "/sentinel", Props.none(), utf8("sentinel"));
      List<Publish> got = untilSentinel(sub, "sentinel");
      assertThat(got).as("one delivery for three matching subscriptions").hasSize(1);
      assertThat(got.get(0).text()).isEqualTo("once");
      assertThat(got.get(0).qos())
          .as("the highest granted QoS, capped by the publish")
          .isEqualTo(1);
    }
  }

  @Test
  void dollarTopicsAreNotMatchedByLeadingWildcards() {
    String suffix = TestBroker.topicPrefix("sys").replace('/', '-');
    String sysTopic = "$SYS/" + suffix;
    String normal = "it/" + suffix;
    try (RawMqttClient all = client("sys-all", Props.none());
        RawMqttClient sys = client("sys-sys", Props.none());
        RawMqttClient pub = client("sys-pub", Props.none())) {
      // Retain Handling 2: "#" must not pull every retained message of the broker.
      all.subscribe(
          Props.none(),
          new Packets.Sub("#", options(0, false, false, 2)),
          new Packets.Sub("+/" + suffix, options(0, false, false, 2)));
      sys.subscribe("$SYS/#", options(0, false, false, 2));
      pub.publishQos1(sysTopic, Props.none(), utf8("system"));
      pub.publishQos1(normal, Props.none(), utf8("normal"));

      List<Publish> seen = untilSentinel(all, "normal");
      assertThat(seen)
          .extracting(Publish::topic)
          .as("# and +/... must not match %s [MQTT-4.7.2-1]", sysTopic)
          .noneMatch(t -> t.startsWith("$"));
      Publish system = sys.readPublish();
      assertThat(system.topic()).isEqualTo(sysTopic);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A connected MQTT 5 raw client with a unique id starting with {@code prefix}. */
  private RawMqttClient client(String prefix, Props props) {
    return clientWithId(TestBroker.clientId(prefix), props);
  }

  private RawMqttClient clientWithId(String id, Props props) {
    RawMqttClient c = RawMqttClient.open(port);
    c.connect5(id, props);
    return c;
  }

  private Mqtt5BlockingClient hivemq(String prefix) {
    Mqtt5BlockingClient c =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(TestBroker.clientId(prefix))
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    c.connect();
    return c;
  }

  /**
   * Sends PINGREQ and returns the PUBLISH packets that arrive before PINGRESP (not acknowledged):
   * what this connection's own earlier packets caused. Not a barrier for deliveries routed from
   * other connections, which reach this connection's event loop as tasks in no fixed order with its
   * reads.
   */
  private static List<Publish> untilPong(RawMqttClient c) {
    c.send(Packets.PINGREQ_BYTES);
    List<Publish> got = new ArrayList<>();
    while (true) {
      Packet p = c.read();
      if (p.type() == PINGRESP) {
        return got;
      }
      if (p.type() == PUBLISH) {
        got.add(p.publish());
      }
    }
  }

  /**
   * Reads until a PUBLISH with payload {@code sentinel}; returns those before it, every one
   * acknowledged (the sentinel too).
   */
  private static List<Publish> untilSentinel(RawMqttClient c, String sentinel) {
    return untilSentinel(c, sentinel, true);
  }

  private static List<Publish> untilSentinel(RawMqttClient c, String sentinel, boolean ack) {
    List<Publish> got = new ArrayList<>();
    while (true) {
      Publish p = c.readPublish();
      if (ack || p.text().equals(sentinel)) {
        c.ack(p);
      }
      if (p.text().equals(sentinel)) {
        return got;
      }
      got.add(p);
    }
  }

  private static void clearRetained(RawMqttClient pub, String topic) {
    pub.send(Packets.publish(true, topic, 1, true, pub.nextPacketId(), Props.none(), new byte[0]));
    pub.expect(Packets.PUBACK);
  }

  /** Ends a persistent session: DISCONNECT with Session Expiry Interval 0. */
  private static void endSession(RawMqttClient c) {
    c.send(Packets.disconnect(true, 0, Props.none().put(Props.SESSION_EXPIRY_INTERVAL, 0)));
    assertThat(c.awaitClosed(RawMqttClient.TIMEOUT)).isTrue();
  }
}
