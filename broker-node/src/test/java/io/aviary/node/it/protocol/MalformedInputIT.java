package io.aviary.node.it.protocol;

import static io.aviary.node.it.protocol.Packets.DISCONNECT;
import static io.aviary.node.it.protocol.Support.assertBrokerServes;
import static io.aviary.node.it.protocol.Support.awaitMetricAbove;
import static io.aviary.node.it.protocol.Support.metric;
import static io.aviary.node.it.protocol.Support.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and forbidden input, byte by byte: each case gets the reason code the spec asks for
 * (MQTT 5: DISCONNECT, or CONNACK for CONNECT problems; MQTT 3.1.1: the connection closes), is
 * counted in a metric, and leaves the broker serving other clients.
 */
@QuarkusTest
class MalformedInputIT {
  private static final Duration TIMEOUT = RawMqttClient.TIMEOUT;
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);
  private static final String ERRORS = "aviary_protocol_errors_total";
  private static final String CONNECTS = "aviary_connects_total";

  /** The protocol version a case runs with. */
  enum Version {
    V5,
    V311;

    boolean v5() {
      return this == V5;
    }
  }

  @Inject Listeners listeners;

  private int port;

  @BeforeEach
  void setUp() {
    port = new TestBroker(listeners).mqttPort();
  }

  // ---- framing --------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Version.class)
  void remainingLengthOfFiveBytesIsMalformed(Version version) {
    // PUBLISH QoS 0 whose Remaining Length has 5 bytes, the first four with the continuation bit.
    byte[] bad = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
    assertProtocolError(version, bad, 0x81, "malformed_packet");
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void packetOverTheMaximumSizeIsTooLarge(Version version) {
    // A complete PUBLISH of 66,000 payload bytes, over the 65,536 the broker announces.
    byte[] bad =
        Packets.publish(version.v5(), "big/topic", 1, false, 7, Props.none(), new byte[66_000]);
    assertProtocolError(version, bad, 0x95, "packet_too_large");
  }

  /**
   * Maximum Packet Size counts the whole packet, fixed header included (MQTT 5 section 3.2.2.3.6):
   * with 65,536 announced, a PUBLISH of exactly 65,536 bytes is accepted and one of 65,537 is
   * refused.
   */
  @Test
  void maximumPacketSizeCountsTheWholePacket() {
    try (RawMqttClient c = connected(Version.V5)) {
      assertThat(c.connack().props().integer(Props.MAXIMUM_PACKET_SIZE)).isEqualTo(65_536);
      c.send(publishOfTotalSize(65_536, 1));
      RawMqttClient.Packet ack = c.read();
      assertThat(ack.type()).as("answer to a PUBLISH of exactly 65536 bytes: %s", ack).isEqualTo(4);
    }
    assertProtocolError(Version.V5, publishOfTotalSize(65_537, 2), 0x95, "packet_too_large");
  }

  // ---- topic names ----------------------------------------------------------------------------

  /**
   * Ill-formed UTF-8 in a topic name (C3 28: a lead byte followed by a non-continuation byte) is a
   * Malformed Packet [MQTT-1.5.4-1]. The broker's Netty (4.1.140, docs/adr/0002) rejects it while
   * decoding, so the answer is 0x81 and the metric malformed_packet; with Netty 4.1.133 the decoder
   * substituted U+FFFD and the broker's topic check answered 0x90 instead.
   */
  @ParameterizedTest
  @EnumSource(Version.class)
  void invalidUtf8InTopicIsMalformed(Version version) {
    byte[] topic = {'a', '/', (byte) 0xC3, 0x28};
    byte[] bad = Packets.publishRawTopic(version.v5(), topic, 0, false, 0, Props.none(), utf8("x"));
    assertProtocolError(version, bad, 0x81, "malformed_packet");
  }

  /**
   * U+0000 in any UTF-8 Encoded String makes the packet a Malformed Packet [MQTT-1.5.4-2], so 0x81
   * (not 0x90 Topic Name invalid, which is for well-formed names the server does not accept).
   */
  @ParameterizedTest
  @EnumSource(Version.class)
  void nulInTopicIsMalformed(Version version) {
    byte[] bad = Packets.publish(version.v5(), "a/\0b", 0, false, 0, Props.none(), utf8("x"));
    assertProtocolError(version, bad, 0x81, "malformed_packet");
  }

  /**
   * U+FFFD is an ordinary character: a topic containing its well-formed encoding (EF BF BD) is a
   * valid topic name and must be accepted and routed, not refused as if it were ill-formed input.
   */
  @Test
  void wellFormedReplacementCharacterInTopicIsAccepted() {
    String topic = TestBroker.topicPrefix("fffd") + "/\uFFFD";
    try (RawMqttClient c = connected(Version.V5)) {
      c.subscribe(topic, 1);
      c.send(Packets.publish(true, topic, 1, false, 9, Props.none(), utf8("replacement")));
      RawMqttClient.Packet answer = c.readOrClosed(TIMEOUT);
      assertThat(answer)
          .as("answer to PUBLISH QoS 1 on a topic containing EF BF BD")
          .isNotNull()
          .extracting(RawMqttClient.Packet::type)
          .as("answer to PUBLISH QoS 1 on a topic containing EF BF BD: %s", answer)
          .isIn(Packets.PUBACK, Packets.PUBLISH);
      // The delivery and the PUBACK may come in either order.
      RawMqttClient.Publish delivered =
          answer.type() == Packets.PUBLISH ? answer.publish() : c.expect(Packets.PUBLISH).publish();
      assertThat(delivered.topic()).isEqualTo(topic);
    }
  }

  static Stream<Arguments> wildcardTopics() {
    return Stream.of(
        Arguments.of(Version.V5, "a/+"),
        Arguments.of(Version.V5, "a/#"),
        Arguments.of(Version.V311, "a/+"),
        Arguments.of(Version.V311, "a/#"));
  }

  @ParameterizedTest
  @MethodSource("wildcardTopics")
  void wildcardInPublishTopicIsRefused(Version version, String topic) {
    byte[] bad = Packets.publish(version.v5(), topic, 1, false, 3, Props.none(), utf8("x"));
    assertProtocolError(version, bad, 0x90, "topic_name_invalid");
  }

  /** MQTT 5: an empty topic needs a Topic Alias (0x82); MQTT 3.1.1: an empty topic is invalid. */
  @ParameterizedTest
  @EnumSource(Version.class)
  void emptyTopicWithoutAliasIsRefused(Version version) {
    byte[] bad = Packets.publish(version.v5(), "", 0, false, 0, Props.none(), utf8("x"));
    assertProtocolError(version, bad, 0x82, version.v5() ? "protocol_error" : "topic_name_invalid");
  }

  // ---- topic aliases (MQTT 5 only) ------------------------------------------------------------

  @Test
  void topicAliasAboveTheAnnouncedMaximumIsInvalid() {
    int maximum;
    try (RawMqttClient c = connected(Version.V5)) {
      Integer announced = c.connack().props().integer(Props.TOPIC_ALIAS_MAXIMUM);
      assertThat(announced).as("Topic Alias Maximum in CONNACK").isNotNull().isPositive();
      maximum = announced;
    }
    byte[] bad =
        Packets.publish(
            true,
            "alias/topic",
            0,
            false,
            0,
            Props.none().put(Props.TOPIC_ALIAS, maximum + 1),
            utf8("x"));
    assertProtocolError(Version.V5, bad, 0x94, "topic_alias_invalid");
  }

  /** A Topic Alias of 0 is not permitted [MQTT-3.3.2-8]: 0x94 Topic Alias invalid. */
  @Test
  void topicAliasZeroIsInvalid() {
    byte[] bad =
        Packets.publish(
            true, "alias/zero", 1, false, 4, Props.none().put(Props.TOPIC_ALIAS, 0), utf8("x"));
    assertProtocolError(Version.V5, bad, 0x94, "topic_alias_invalid");
  }

  /** An empty topic with an alias the client never set is a Protocol Error (section 3.3.2.3.4). */
  @Test
  void unknownTopicAliasIsAProtocolError() {
    byte[] bad =
        Packets.publish(true, "", 0, false, 0, Props.none().put(Props.TOPIC_ALIAS, 5), utf8("x"));
    assertProtocolError(Version.V5, bad, 0x82, "protocol_error");
  }

  /**
   * Setting a non-zero Session Expiry Interval on DISCONNECT after 0 on CONNECT is a Protocol Error
   * (section 3.14.2.2.2): the server answers DISCONNECT 0x82.
   */
  @Test
  void sessionExpiryOnDisconnectAfterZeroIsAProtocolError() {
    byte[] bad = Packets.disconnect(true, 0, Props.none().put(Props.SESSION_EXPIRY_INTERVAL, 60));
    assertProtocolError(Version.V5, bad, 0x82, "protocol_error");
  }

  static Stream<Arguments> invalidReasonCodes() {
    return Stream.of(
        Arguments.of("DISCONNECT 0x8A", Packets.packet(0xE0, new byte[] {(byte) 0x8A, 0x00})),
        Arguments.of("DISCONNECT 0xF2", Packets.packet(0xE0, new byte[] {(byte) 0xF2, 0x00})),
        Arguments.of("PUBACK 0x05", Packets.packet(0x40, new byte[] {0x00, 0x01, 0x05, 0x00})),
        Arguments.of("PUBREL 0x05", Packets.packet(0x62, new byte[] {0x00, 0x01, 0x05, 0x00})),
        Arguments.of("PUBCOMP 0x05", Packets.packet(0x70, new byte[] {0x00, 0x01, 0x05, 0x00})));
  }

  /**
   * A reason code the spec does not define for the packet makes it malformed (or at least a
   * protocol error): the broker must answer DISCONNECT 0x81 or 0x82 and close, not ignore it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidReasonCodes")
  void reasonCodeNotDefinedForThePacketIsRefused(String what, byte[] bad) {
    assertProtocolError(Version.V5, bad, Set.of(0x81, 0x82), null);
  }

  static Stream<Arguments> twoEndingsInOneRead() {
    byte[] aliasTooHigh =
        Packets.publish(
            true,
            "alias/topic",
            0,
            false,
            0,
            Props.none().put(Props.TOPIC_ALIAS, 0xFFFF),
            utf8("x"));
    byte[] emptyTopic = Packets.publish(false, "", 0, false, 0, Props.none(), utf8("x"));
    return Stream.of(
        Arguments.of(
            "MQTT 5: Topic Alias 65535, then malformed",
            Version.V5,
            aliasTooHigh,
            0x94,
            "topic_alias_invalid"),
        Arguments.of(
            "MQTT 3.1.1: empty topic, then malformed",
            Version.V311,
            emptyTopic,
            null,
            "topic_name_invalid"),
        Arguments.of(
            "MQTT 5: DISCONNECT, then malformed",
            Version.V5,
            Packets.disconnect(true, 0, Props.none()),
            null,
            null),
        Arguments.of(
            "MQTT 3.1.1: DISCONNECT, then malformed",
            Version.V311,
            Packets.disconnect(false, 0, Props.none()),
            null,
            null));
  }

  /**
   * Two endings in one read: a packet that ends the connection (one the broker refuses, or the
   * client's own DISCONNECT) followed by a malformed packet. The connection ends once, for the
   * first reason: the second must neither be counted nor make the broker touch the endpoint that is
   * already closed (vertx-mqtt throws IllegalStateException "Connection not accepted yet" for a
   * DISCONNECT write, "MQTT endpoint is closed" for a close).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("twoEndingsInOneRead")
  void secondEndingInTheSameReadIsIgnored(
      String name, Version version, byte[] first, Integer disconnectCode, String firstTag) {
    byte[] both = new Bytes().raw(first).raw(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).toArray();
    String sent = Bytes.hex(both, 64);
    LogCapture log = LogCapture.install();
    try {
      String firstLabel = firstTag == null ? null : "reason=\"" + firstTag + "\"";
      double firstErrors = firstTag == null ? 0 : metric(ERRORS, firstLabel);
      double malformed = metric(ERRORS, "reason=\"malformed_packet\"");
      List<RawMqttClient.Packet> answers = new ArrayList<>();
      try (RawMqttClient c = connected(version)) {
        c.send(both);
        RawMqttClient.Packet p;
        while ((p = c.readOrClosed(TIMEOUT)) != null) {
          answers.add(p);
        }
      }
      if (disconnectCode == null) {
        assertThat(answers).as("closed without a packet after %s", sent).isEmpty();
      } else {
        assertThat(answers).as("answers to %s", sent).hasSize(1);
        assertThat(answers.get(0).disconnect().reasonCode())
            .as("%s", answers.get(0))
            .isEqualTo(disconnectCode);
      }
      if (firstTag != null) {
        awaitMetricAbove(ERRORS, firstLabel, firstErrors);
      }
      assertThat(metric(ERRORS, "reason=\"malformed_packet\""))
          .as("the malformed packet after the ending is not counted (sent %s)", sent)
          .isEqualTo(malformed);
      assertThat(log.brokerExceptions())
          .as("exceptions thrown through broker code (sent %s)", sent)
          .isEmpty();
    } finally {
      log.uninstall();
    }
    assertBrokerServes(port);
  }

  // ---- packet order ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Version.class)
  void secondConnectIsAProtocolError(Version version) {
    byte[] bad = new Packets.Connect(version.v5(), TestBroker.clientId("again")).build();
    assertProtocolError(version, bad, 0x82, "protocol_error");
  }

  /**
   * A second CONNECT whose protocol name the decoder does not know (found by FuzzIT): it is still a
   * second CONNECT, so MQTT 5 gets DISCONNECT 0x82 (0x81 would do), and in any case the connection
   * must end the normal way: counted as closed (aviary_connections back to where it was) and its
   * will published, since it did not end with a normal DISCONNECT.
   */
  @ParameterizedTest
  @EnumSource(Version.class)
  void secondConnectWithAnUnknownProtocolNameEndsTheConnection(Version version) {
    String willTopic = TestBroker.topicPrefix("second-connect") + "/will";
    byte[] bad =
        Packets.packet(0x10, new Bytes().str("MQTX").u8(5).u8(2).u16(60).u8(0).str("x").toArray());
    try (RawMqttClient watcher = connected(Version.V5)) {
      watcher.subscribe(willTopic, Packets.options(1, false, false, 0));
      double connections = metric("aviary_connections", null);
      List<RawMqttClient.Packet> answers = new ArrayList<>();
      try (RawMqttClient c = RawMqttClient.open(port)) {
        c.connectAccepted(
            new Packets.Connect(version.v5(), TestBroker.clientId("second"))
                .will(willTopic, utf8("gone"), 1, false, Props.none()),
            version.v5());
        c.send(bad);
        RawMqttClient.Packet p;
        while ((p = c.readOrClosed(TIMEOUT)) != null) {
          answers.add(p);
        }
      }
      await()
          .alias("aviary_connections back to " + connections + " after " + Bytes.hex(bad, 32))
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> metric("aviary_connections", null) <= connections);
      RawMqttClient.Publish will = watcher.readPublish(TIMEOUT);
      assertThat(will.text()).as("the will of the ended connection").isEqualTo("gone");
      if (version.v5()) {
        assertThat(answers)
            .as("answers to a second CONNECT %s", Bytes.hex(bad, 32))
            .hasSize(1)
            .first()
            .satisfies(
                a -> {
                  assertThat(a.type()).as("%s", a).isEqualTo(DISCONNECT);
                  assertThat(a.disconnect().reasonCode()).as("%s", a).isIn(0x81, 0x82);
                });
      } else {
        assertThat(answers).as("MQTT 3.1.1: closed without a packet").isEmpty();
      }
    }
  }

  static Stream<Arguments> packetsBeforeConnect() {
    return Stream.of(
        Arguments.of(
            "PUBLISH", Packets.publish(false, "a/b", 0, false, 0, Props.none(), utf8("x"))),
        Arguments.of(
            "SUBSCRIBE", Packets.subscribe(false, 1, Props.none(), new Packets.Sub("a/#", 0))),
        Arguments.of("PINGREQ", Packets.PINGREQ_BYTES));
  }

  /**
   * The first packet must be CONNECT [MQTT-3.1.0-1]: anything else closes the connection without a
   * CONNACK. vertx-mqtt closes these before the broker sees an endpoint, so no broker metric can
   * count them; the test prints whether one did.
   */
  @ParameterizedTest(name = "{0} before CONNECT")
  @MethodSource("packetsBeforeConnect")
  void packetBeforeConnectClosesTheConnection(String name, byte[] first) {
    assertClosedBeforeConnect(name + " before CONNECT", first);
  }

  static Stream<Arguments> garbage() {
    return Stream.of(
        Arguments.of("HTTP request", utf8("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")),
        Arguments.of(
            "CONNECT with a 5-byte Remaining Length",
            new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}),
        Arguments.of("reserved packet type 0", new byte[] {0x00, 0x02, 0x00, 0x00}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void garbageBeforeConnectClosesTheConnection(String name, byte[] first) {
    assertClosedBeforeConnect(name, first);
  }

  static Stream<Arguments> unsupportedProtocols() {
    return Stream.of(
        Arguments.of("protocol name MQTX", "MQTX", 5), Arguments.of("protocol level 6", "MQTT", 6));
  }

  /**
   * An unknown protocol name or level: the server may answer CONNACK 0x01 (3.1.1) or 0x84 (5) and
   * must then close [MQTT-3.1.2-2]; closing without CONNACK is allowed too. vertx-mqtt answers
   * before the broker sees the connection, so no broker metric counts it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedProtocols")
  void unsupportedProtocolIsRefused(String what, String name, int level) {
    byte[] connect =
        Packets.packet(
            0x10, new Bytes().str(name).u8(level).u8(2).u16(60).u8(0).str("x").toArray());
    double connects = metric(CONNECTS, null);
    try (RawMqttClient c = RawMqttClient.open(port)) {
      c.send(connect);
      RawMqttClient.Packet answer = c.readOrClosed(TIMEOUT);
      if (answer != null) {
        assertThat(answer.type()).as("answer to %s: %s", what, answer).isEqualTo(Packets.CONNACK);
        assertThat(answer.body()[1] & 0xFF).as("CONNACK code: %s", answer).isIn(0x01, 0x84);
        assertThat(c.awaitClosed(TIMEOUT)).as("closed after CONNACK").isTrue();
      }
    }
    if (metric(CONNECTS, null) == connects) {
      System.out.printf("NOTE MalformedInputIT: %s was refused but no metric counted it%n", what);
    }
    assertBrokerServes(port);
  }

  // ---- CONNECT contents -----------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Version.class)
  void clientIdOverTheLimitIsRejected(Version version) {
    double before = metric(CONNECTS, "result=\"client_id_rejected\"");
    String tooLong = "x".repeat(65);
    try (RawMqttClient c = RawMqttClient.open(port)) {
      RawMqttClient.Connack ack =
          c.connect(new Packets.Connect(version.v5(), tooLong), version.v5());
      assertThat(ack.reasonCode())
          .as("CONNACK code for a 65-character client id: %s", ack)
          .isEqualTo(version.v5() ? 0x85 : 0x02);
      assertThat(ack.sessionPresent()).isFalse();
      assertThat(c.awaitClosed(TIMEOUT)).as("closed after the refusal").isTrue();
    }
    awaitMetricAbove(CONNECTS, "result=\"client_id_rejected\"", before);
    // 64 characters is still fine.
    try (RawMqttClient c = RawMqttClient.open(port)) {
      String longest = TestBroker.clientId("") + "y".repeat(64 - 9);
      assertThat(longest).hasSize(64);
      c.connectAccepted(new Packets.Connect(version.v5(), longest), version.v5());
      c.disconnect();
    }
    assertBrokerServes(port);
  }

  // ---- subscriptions --------------------------------------------------------------------------

  /** No Local on a shared subscription is a Protocol Error [MQTT-3.8.3-4]. */
  @Test
  void noLocalOnASharedSubscriptionIsAProtocolError() {
    byte[] bad =
        Packets.subscribe(
            true,
            1,
            Props.none(),
            new Packets.Sub(
                "$share/g/" + TestBroker.topicPrefix("nl") + "/t",
                Packets.options(1, true, false, 0)));
    assertProtocolError(Version.V5, bad, 0x82, "protocol_error");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A connected client, CONNACK already read (and kept for {@link RawMqttClient#connack()}). */
  private RawMqttClient connected(Version version) {
    RawMqttClient c = RawMqttClient.open(port);
    c.connectAccepted(new Packets.Connect(version.v5(), TestBroker.clientId("bad")), version.v5());
    return c;
  }

  /**
   * Connects, sends {@code bad}, and expects: MQTT 5, DISCONNECT with {@code reasonCode} and then
   * the close; MQTT 3.1.1, the close with no packet at all. Then the error metric must have grown
   * and the broker must still serve a fresh client.
   */
  private void assertProtocolError(Version version, byte[] bad, int reasonCode, String tag) {
    assertProtocolError(version, bad, Set.of(reasonCode), tag);
  }

  /** As above, accepting any of {@code reasonCodes}; a null {@code tag} checks the total. */
  private void assertProtocolError(
      Version version, byte[] bad, Set<Integer> reasonCodes, String tag) {
    String label = tag == null ? null : "reason=\"" + tag + "\"";
    double before = metric(ERRORS, label);
    try (RawMqttClient c = connected(version)) {
      c.sendQuietly(bad);
      String sent = Bytes.hex(bad, 24);
      RawMqttClient.Packet answer = c.poll(ANSWER_TIMEOUT);
      assertThat(answer != null || c.isClosedByServer())
          .as("neither a packet nor a close within %s after sending %s", ANSWER_TIMEOUT, sent)
          .isTrue();
      if (version.v5()) {
        assertThat(answer)
            .as(
                "MQTT 5: DISCONNECT %s expected after sending %s, but the connection closed",
                hexCodes(reasonCodes), sent)
            .isNotNull();
        assertThat(answer.type()).as("answer to %s: %s", sent, answer).isEqualTo(DISCONNECT);
        assertThat(answer.disconnect().reasonCode())
            .as("DISCONNECT reason code after sending %s: %s", sent, answer)
            .isIn(reasonCodes);
        assertThat(c.awaitClosed(TIMEOUT)).as("closed after DISCONNECT").isTrue();
      } else {
        assertThat(answer)
            .as("MQTT 3.1.1: the connection must close without a packet after sending %s", sent)
            .isNull();
      }
    }
    awaitMetricAbove(ERRORS, label, before);
    assertBrokerServes(port);
  }

  private static String hexCodes(Set<Integer> codes) {
    return codes.stream().sorted().map(c -> String.format("0x%02x", c)).toList().toString();
  }

  private void assertClosedBeforeConnect(String what, byte[] first) {
    double errors = metric(ERRORS, null);
    double connects = metric(CONNECTS, null);
    try (RawMqttClient c = RawMqttClient.open(port)) {
      c.sendQuietly(first);
      RawMqttClient.Packet answer = c.readOrClosed(TIMEOUT);
      assertThat(answer)
          .as("%s (%s): the connection must close without any packet", what, Bytes.hex(first, 24))
          .isNull();
    }
    double errorsAfter = metric(ERRORS, null);
    double connectsAfter = metric(CONNECTS, null);
    if (errorsAfter == errors && connectsAfter == connects) {
      System.out.printf(
          "NOTE MalformedInputIT: %s was closed but no metric counted it"
              + " (aviary_protocol_errors_total and aviary_connects_total unchanged)%n",
          what);
    }
    assertBrokerServes(port);
  }

  /** A QoS 1 PUBLISH whose whole encoding (fixed header included) is {@code total} bytes. */
  private static byte[] publishOfTotalSize(int total, int packetId) {
    String topic = "size/topic";
    // 1 byte packet type + 3 bytes Remaining Length (16,384..2,097,151) + the rest.
    int remaining = total - 4;
    int fixedPart = 2 + topic.length() + 2 + 1; // topic, packet id, empty properties
    byte[] p =
        Packets.publish(
            true, topic, 1, false, packetId, Props.none(), new byte[remaining - fixedPart]);
    assertThat(p).hasSize(total);
    return p;
  }
}
