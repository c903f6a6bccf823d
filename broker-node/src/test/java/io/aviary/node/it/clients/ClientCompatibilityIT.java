package io.aviary.node.it.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.aviary.node.it.TestBroker;
import io.aviary.node.it.clients.ClientDriver.ConnectOptions;
import io.aviary.node.it.clients.ClientDriver.Received;
import io.aviary.node.it.clients.ClientDriver.Will;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client-compatibility matrix: real MQTT client libraries against the broker, each on the
 * transports it supports, each cell running the same scenarios. A failure is named after the
 * scenario (the test method) and the cell ("mosquitto-v5 over mqtts").
 *
 * <pre>
 * client          protocol    tcp (mqtt)   tls (mqtts, client cert)   wss (/mqtt, dev CA)
 * paho-v3         MQTT 3.1.1      x                 x                        x
 * paho-v5         MQTT 5.0        x                 x                        x
 * hivemq-v3       MQTT 3.1.1      x                 x                        x
 * hivemq-v5       MQTT 5.0        x                 x                        x
 * mosquitto-v311  MQTT 3.1.1      x                 x                    (no WebSocket)
 * mosquitto-v5    MQTT 5.0        x                 x                    (no WebSocket)
 * mqttjs-v311     MQTT 3.1.1      x                 x                        x
 * mqttjs-v5       MQTT 5.0        x                 x                        x
 * </pre>
 *
 * Clients: Eclipse Paho Java mqttv3 and mqttv5, the HiveMQ MQTT client (its MQTT 3 and MQTT 5
 * APIs), Debian's mosquitto_pub/mosquitto_sub, and MQTT.js under Node.js (installed by npm from
 * src/test/js). Every TLS client verifies the server certificate against the dev CA; on mqtts they
 * also present a client certificate signed by it.
 *
 * <p>Scenarios: publish/subscribe at QoS 0, 1 and 2; a retained message and clearing it; the will
 * on an abrupt disconnect and none on a clean one; a persistent session that queues QoS 1 messages
 * while the client is offline; and, where the client shows the DUP flag, that those queued messages
 * arrive as first deliveries. Absence is never waited for: a marker message published afterwards
 * must be the next thing received.
 *
 * <p>Dropping a connection without DISCONNECT: Java clients connect through a {@link TcpRelay} that
 * is cut; mosquitto_sub is killed with SIGKILL; MQTT.js destroys its stream. Before a marker or a
 * publish that must find a session offline, the test waits until the broker has counted the
 * DISCONNECT ({@code aviary_disconnects_total}), so ordering does not rest on timing.
 */
@QuarkusTest
class ClientCompatibilityIT {
  /** MQTT 5 Session Expiry Interval of the persistent sessions, seconds. */
  private static final long SESSION_EXPIRY = 300;

  private static BrokerEndpoint endpoint;

  @Inject Listeners listeners;

  @BeforeEach
  void endpoint() {
    if (endpoint == null) {
      endpoint = BrokerEndpoint.of(new TestBroker(listeners));
    }
  }

  @AfterAll
  static void release() {
    MqttJsHost.shutdown();
    endpoint = null;
  }

  static Stream<Arguments> cells() {
    return Arrays.stream(Client.values())
        .flatMap(c -> c.transports().stream().map(t -> Arguments.of(c, t)));
  }

  /** The cells whose client shows the DUP flag of the messages it receives. */
  static Stream<Arguments> cellsShowingDup() {
    return cells().filter(a -> ((Client) a.get()[0]).showsDup());
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cells")
  void publishAndSubscribeAtEveryQos(Client client, Transport transport) {
    run(client, transport, "publish/subscribe at QoS 0, 1 and 2", ClientCompatibilityIT::pubSub);
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cells")
  void retainedMessageReachesNewSubscribersUntilCleared(Client client, Transport transport) {
    run(client, transport, "retained message", ClientCompatibilityIT::retained);
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cells")
  void willIsPublishedOnAbruptDisconnectOnly(Client client, Transport transport) {
    run(client, transport, "will", ClientCompatibilityIT::will);
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cells")
  void persistentSessionQueuesQos1MessagesWhileOffline(Client client, Transport transport) {
    run(client, transport, "persistent session", ClientCompatibilityIT::persistentSession);
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cellsShowingDup")
  void messagesQueuedWhileOfflineAreFirstDeliveries(Client client, Transport transport) {
    run(
        client,
        transport,
        "DUP flag of messages queued while offline",
        ClientCompatibilityIT::queuedAreFirstDeliveries);
  }

  /** One scenario, given the drivers of its cell. */
  @FunctionalInterface
  private interface Scenario {
    void run(Drivers drivers) throws Exception;
  }

  /**
   * Runs {@code scenario} for one cell, closing every driver it opened, and names the cell and the
   * scenario in any failure (the failsafe report names parameterized tests by index only).
   */
  private static void run(Client client, Transport transport, String name, Scenario scenario) {
    try (Drivers drivers = new Drivers(client, transport)) {
      scenario.run(drivers);
    } catch (Exception | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      StringBuilder message =
          new StringBuilder("[").append(client).append(" over ").append(transport).append("] ");
      message.append(name).append(": ").append(e);
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        message.append("\n  caused by ").append(cause);
      }
      throw new AssertionError(message.toString(), e);
    }
  }

  private static void pubSub(Drivers drivers) throws Exception {
    String prefix = TestBroker.topicPrefix("compat-qos");
    ClientDriver sub = drivers.open("sub");
    sub.connect(ConnectOptions.clean());
    sub.subscribe(prefix + "/#", 2);
    ClientDriver pub = drivers.open("pub");
    pub.connect(ConnectOptions.clean());
    for (int qos = 0; qos <= 2; qos++) {
      pub.publish(prefix + "/qos" + qos, "published at QoS " + qos, qos, false);
    }

    Map<String, Received> byTopic = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      Received r = next(sub, "message " + (i + 1) + " of 3");
      byTopic.put(r.topic(), r);
    }
    for (int qos = 0; qos <= 2; qos++) {
      Received r = byTopic.get(prefix + "/qos" + qos);
      assertThat(r).as("the message published at QoS %d (got %s)", qos, byTopic).isNotNull();
      assertThat(r.payload()).as("payload").isEqualTo("published at QoS " + qos);
      assertThat(r.qos()).as("QoS of the message published at QoS %d", qos).isEqualTo(qos);
      assertThat(r.retain()).as("retain flag of a live message").isFalse();
      assertThat(r.duplicate()).as("DUP flag of a first delivery").isNotEqualTo(Optional.of(true));
    }
    pub.disconnect();
    sub.disconnect();
  }

  private static void retained(Drivers drivers) throws Exception {
    String topic = TestBroker.topicPrefix("compat-retained") + "/state";
    ClientDriver pub = drivers.open("pub");
    pub.connect(ConnectOptions.clean());
    pub.publish(topic, "retained state", 1, true);

    ClientDriver first = drivers.open("first");
    first.connect(ConnectOptions.clean());
    first.subscribe(topic, 1);
    Received retained = next(first, "the retained message");
    assertThat(retained.topic()).isEqualTo(topic);
    assertThat(retained.payload()).isEqualTo("retained state");
    assertThat(retained.retain()).as("retain flag of a retained message").isTrue();
    assertThat(retained.qos()).isEqualTo(1);

    pub.publish(topic, "", 1, true); // an empty retained message clears it
    ClientDriver second = drivers.open("second");
    second.connect(ConnectOptions.clean());
    second.subscribe(topic, 1);
    pub.publish(topic, "marker", 1, false);
    Received afterClear = next(second, "the marker");
    assertThat(afterClear.payload())
        .as("first message to a subscriber that came after the retained message was cleared")
        .isEqualTo("marker");
    assertThat(afterClear.retain()).isFalse();

    // The subscriber that was already there gets the clearing PUBLISH like any other.
    Received clearing = next(first, "the empty retained PUBLISH");
    assertThat(clearing.payload()).as("payload of the clearing PUBLISH").isEmpty();
    assertThat(clearing.retain()).as("retain flag of a live message").isFalse();
    assertThat(next(first, "the marker").payload()).isEqualTo("marker");

    pub.disconnect();
    first.disconnect();
    second.disconnect();
  }

  private static void will(Drivers drivers) throws Exception {
    String prefix = TestBroker.topicPrefix("compat-will");
    String abruptTopic = prefix + "/will/abrupt";
    String cleanTopic = prefix + "/will/clean";
    ClientDriver watcher = drivers.open("watch");
    watcher.connect(ConnectOptions.clean());
    watcher.subscribe(prefix + "/will/#", 1);

    ClientDriver crashing = drivers.open("crash");
    crashing.connect(
        ConnectOptions.clean().withWill(new Will(abruptTopic, "crashed", 1, false)).asDroppable());
    crashing.drop();
    Received will = next(watcher, "the will of the dropped connection");
    assertThat(will.topic()).isEqualTo(abruptTopic);
    assertThat(will.payload()).isEqualTo("crashed");
    assertThat(will.qos()).isEqualTo(1);
    assertThat(will.retain()).isFalse();

    ClientDriver polite = drivers.open("polite");
    polite.connect(
        ConnectOptions.clean().withWill(new Will(cleanTopic, "must not be published", 1, false)));
    double before = cleanDisconnects();
    polite.disconnect();
    // The broker has handled the DISCONNECT (and would have routed the will) before the marker.
    awaitCleanDisconnectsAbove(before);
    watcher.publish(cleanTopic, "marker", 1, false);
    Received next = next(watcher, "the marker");
    assertThat(next.payload())
        .as("first message on %s after a clean DISCONNECT (a will there is a bug)", cleanTopic)
        .isEqualTo("marker");

    watcher.disconnect();
  }

  private static void persistentSession(Drivers drivers) throws Exception {
    Resumed resumed = resumeAfterOffline(drivers);
    assertThat(resumed.sessionPresent())
        .as("CONNACK Session Present on resuming (empty where the client does not show it)")
        .isIn(Optional.of(true), Optional.empty());
    assertThat(resumed.messages())
        .extracting(Received::payload)
        .containsExactly("queued 1", "queued 2", "queued 3");
    assertThat(resumed.messages()).extracting(Received::qos).containsOnly(1);
    assertThat(resumed.messages()).extracting(Received::retain).containsOnly(false);
  }

  private static void queuedAreFirstDeliveries(Drivers drivers) throws Exception {
    Resumed resumed = resumeAfterOffline(drivers);
    // Never sent before, so DUP must be 0 [MQTT-3.3.1-1]: DUP=1 claims a re-delivery.
    assertThat(resumed.messages())
        .as("DUP flag of messages queued while offline, sent for the first time on resume")
        .extracting(r -> r.duplicate().orElseThrow())
        .containsOnly(false);
  }

  private record Resumed(Optional<Boolean> sessionPresent, List<Received> messages) {}

  /**
   * A client with a persistent session subscribes at QoS 1 and disconnects cleanly; another
   * publishes three QoS 1 messages; the first reconnects with the same client id. Ends the session
   * afterwards so that it does not outlive the test.
   */
  private static Resumed resumeAfterOffline(Drivers drivers) throws Exception {
    String topic = TestBroker.topicPrefix("compat-session") + "/queued";
    ConnectOptions persistent = ConnectOptions.persistent(SESSION_EXPIRY);
    ClientDriver subscriber = drivers.open("persist");
    Optional<Boolean> fresh = subscriber.connect(persistent);
    assertThat(fresh).as("Session Present for a new client id").isNotEqualTo(Optional.of(true));
    subscriber.subscribe(topic, 1);
    double before = cleanDisconnects();
    subscriber.disconnect();
    // Publish only once the broker has detached the session, so the messages are queued.
    awaitCleanDisconnectsAbove(before);

    ClientDriver pub = drivers.open("pub");
    pub.connect(ConnectOptions.clean());
    for (int i = 1; i <= 3; i++) {
      pub.publish(topic, "queued " + i, 1, false);
    }
    pub.disconnect();

    Optional<Boolean> present = subscriber.connect(persistent);
    List<Received> messages = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      messages.add(next(subscriber, "queued message " + i + " of 3"));
    }
    subscriber.disconnect();
    subscriber.connect(ConnectOptions.clean()); // clean start discards the session
    subscriber.disconnect();
    return new Resumed(present, messages);
  }

  /** The next message {@code driver} received, waiting at most {@link ClientDriver#TIMEOUT}. */
  private static Received next(ClientDriver driver, String what) throws InterruptedException {
    Received r = driver.received().poll(ClientDriver.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      fail(
          "%s received nothing within %s; expected %s",
          driver.clientId(), ClientDriver.TIMEOUT, what);
    }
    return r;
  }

  /** DISCONNECTs the broker has handled, with or without the will (MQTT 5 reason 0x04). */
  private static double cleanDisconnects() {
    return TestBroker.metric("aviary_disconnects_total", "kind=\"clean");
  }

  private static void awaitCleanDisconnectsAbove(double before) {
    await("the broker handles the DISCONNECT")
        .atMost(ClientDriver.TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> cleanDisconnects() > before);
  }

  /** The drivers one test opened, closed (connections, relays, processes) when it ends. */
  private static final class Drivers implements AutoCloseable {
    private final Client client;
    private final Transport transport;
    private final List<ClientDriver> opened = new ArrayList<>();

    Drivers(Client client, Transport transport) {
      this.client = client;
      this.transport = transport;
    }

    /** A new driver of this cell's client with a unique client id naming its role. */
    ClientDriver open(String role) throws Exception {
      ClientDriver d = client.create(endpoint, transport, TestBroker.clientId(client + "-" + role));
      opened.add(d);
      return d;
    }

    @Override
    public void close() {
      for (int i = opened.size() - 1; i >= 0; i--) {
        opened.get(i).close();
      }
    }
  }
}
