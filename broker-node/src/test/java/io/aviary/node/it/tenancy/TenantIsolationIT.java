package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mountpoint promise as a property: random topics and filters ({@code #}, {@code +/#}, shared
 * subscriptions with the same group names, retained messages, wills, the same client ids) across
 * several organizations on one broker, and nothing ever crosses. Each run uses a fresh seed, which
 * failures report.
 *
 * <p>Absence is proved with fences, not waits: all messages are published (and acknowledged) first;
 * then each subscriber gets a fence on a topic its filter matches, from its own organization.
 * Deliveries to a session run in order on its loop, so anything routed to it before the fence has
 * arrived when the fence has.
 */
@QuarkusTest
@TestProfile(TenancyProfile.class)
class TenantIsolationIT {
  private static final String[] LEVELS = {"a", "b", "c", "$x"};
  private static final String[] FILTERS = {
    "#", "+/#", "+", "a/#", "+/b/#", "a/+/c", "b/+", "$share/g/#", "$share/g/+/b/#", "$share/h/a/+"
  };
  private static final int ORGS = 3;
  private static final int SUBSCRIBERS = 5;
  private static final int MESSAGES = 40;

  @Inject Listeners listeners;

  private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

  @AfterEach
  void disconnectAll() {
    for (Mqtt5BlockingClient c : clients) {
      if (c.getState().isConnected()) {
        c.disconnect();
      }
    }
  }

  /** A subscriber: one filter, and every message it got. */
  private record Subscriber(
      TestOrgs.HsOrg org, String id, String filter, ConcurrentLinkedQueue<String> received) {}

  @Test
  void nothingCrossesBetweenOrganizations() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String because = "seed " + seed;
    List<TestOrgs.HsOrg> orgs = new ArrayList<>();
    for (int i = 0; i < ORGS; i++) {
      orgs.add(TestOrgs.hs256());
    }
    List<Subscriber> subscribers = new ArrayList<>();
    for (TestOrgs.HsOrg org : orgs) {
      for (int s = 0; s < SUBSCRIBERS; s++) {
        // The first subscriber of each organization takes '#' and the same client id everywhere:
        // client ids are per organization, so none takes another's session over.
        String id = s == 0 ? "same-id" : "sub-" + s;
        // Shared groups are named alike in every organization, and once per subscriber within one,
        // so each member's expected messages are all of those its filter matches.
        String filter =
            s == 0
                ? "#"
                : FILTERS[random.nextInt(FILTERS.length)]
                    .replace("$share/g/", "$share/g" + s + "/")
                    .replace("$share/h/", "$share/h" + s + "/");
        subscribers.add(subscribe(org, id, filter));
      }
    }

    // Every organization publishes to the same random topics, some retained, one will each.
    Map<TestOrgs.HsOrg, Map<String, String>> published = new LinkedHashMap<>();
    Map<TestOrgs.HsOrg, Map<String, String>> retained = new HashMap<>();
    for (TestOrgs.HsOrg org : orgs) {
      published.put(org, new LinkedHashMap<>());
      retained.put(org, new HashMap<>());
    }
    Map<TestOrgs.HsOrg, Mqtt5BlockingClient> publishers = new HashMap<>();
    for (TestOrgs.HsOrg org : orgs) {
      publishers.put(org, connect(org, "publisher"));
    }
    for (int m = 0; m < MESSAGES; m++) {
      String topic = randomTopic(random);
      boolean retain = random.nextInt(4) == 0;
      for (TestOrgs.HsOrg org : orgs) {
        String payload = org.org() + "|m" + m;
        publishers
            .get(org)
            .publishWith()
            .topic(topic)
            .qos(MqttQos.AT_LEAST_ONCE)
            .retain(retain)
            .payload(payload.getBytes(StandardCharsets.UTF_8))
            .send();
        published.get(org).put(payload, topic);
        if (retain) {
          retained.get(org).put(topic, payload);
        }
      }
    }
    for (TestOrgs.HsOrg org : orgs) {
      String willTopic = randomTopic(random);
      String payload = org.org() + "|will";
      Mqtt5BlockingClient willClient =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier("will")
              .serverHost("127.0.0.1")
              .serverPort(new TestBroker(listeners).mqttPort())
              .simpleAuth()
              .username(org.username("will"))
              .password(org.token("will").getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .willPublish()
              .topic(willTopic)
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(payload.getBytes(StandardCharsets.UTF_8))
              .applyWillPublish()
              .buildBlocking();
      willClient.connect();
      willClient
          .disconnectWith()
          .reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)
          .send();
      published.get(org).put(payload, willTopic);
      // The '#' subscriber of the organization has the will once it has been routed.
      Subscriber all = subscribers.get(orgs.indexOf(org) * SUBSCRIBERS);
      await().atMost(Duration.ofSeconds(10)).until(() -> all.received().contains(payload));
    }

    for (Subscriber s : subscribers) {
      fence(publishers.get(s.org()), s);
    }
    for (Subscriber s : subscribers) {
      Set<String> expected = new HashSet<>();
      published
          .get(s.org())
          .forEach(
              (payload, topic) -> {
                if (matches(s.filter(), topic)) {
                  expected.add(payload);
                }
              });
      Set<String> got = new HashSet<>();
      for (String payload : s.received()) {
        assertThat(payload)
            .as("%s: %s in %s (%s) received", because, s.id(), s.org().org(), s.filter())
            .startsWith(s.org().org() + "|");
        if (!payload.contains("|fence")) {
          got.add(payload);
        }
      }
      assertThat(got).as("%s: %s %s", because, s.org().org(), s.filter()).isEqualTo(expected);
    }

    // Late subscribers to '#' get exactly their own organization's retained messages.
    for (TestOrgs.HsOrg org : orgs) {
      Subscriber late = subscribe(org, "late", "#");
      fence(publishers.get(org), late);
      Set<String> got = new HashSet<>(late.received());
      got.removeIf(p -> p.contains("|fence"));
      assertThat(got)
          .as("%s: retained messages seen by a new '#' subscriber of %s", because, org.org())
          .isEqualTo(new HashSet<>(retained.get(org).values()));
    }
    for (Mqtt5BlockingClient c : clients) {
      assertThat(c.getState().isConnected()).as("%s: no session was taken over", because).isTrue();
    }
  }

  private static String randomTopic(Random random) {
    int depth = 1 + random.nextInt(3);
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      // '$x' only below the first level: a leading '$' topic is for the server's own use.
      String level = LEVELS[random.nextInt(i == 0 ? LEVELS.length - 1 : LEVELS.length)];
      t.append(i == 0 ? "" : "/").append(level);
    }
    return t.toString();
  }

  private static boolean matches(String filter, String topic) {
    return SubscriptionFilter.parse(filter).filter().matches(TopicName.parse(topic));
  }

  /** Publishes a fence the subscriber's filter matches and waits until it has arrived. */
  private static void fence(Mqtt5BlockingClient publisher, Subscriber s) {
    String filter = SubscriptionFilter.parse(s.filter()).filter().value();
    String topic = filter.replace("#", "fence").replace("+", "fence");
    String payload = s.org().org() + "|fence-" + s.id() + "-" + System.nanoTime();
    publisher
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .send();
    await().atMost(Duration.ofSeconds(10)).until(() -> s.received().contains(payload));
  }

  private Subscriber subscribe(TestOrgs.HsOrg org, String id, String filter) {
    Mqtt5BlockingClient client = connect(org, id);
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    client
        .toAsync()
        .publishes(
            MqttGlobalPublishFilter.ALL,
            p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
    client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
    return new Subscriber(org, id, filter, received);
  }

  private Mqtt5BlockingClient connect(TestOrgs.HsOrg org, String id) {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(id)
            .serverHost("127.0.0.1")
            .serverPort(new TestBroker(listeners).mqttPort())
            .simpleAuth()
            .username(org.username(id))
            .password(org.token(id).getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    clients.add(client);
    return client;
  }
}
