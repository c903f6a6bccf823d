package io.aviary.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteCollectorTest {
  private static final TopicFilter ANY = TopicFilter.parse("#");

  private final SubscriptionIndex<String> index = new SubscriptionIndex<>();
  private final RouteCollector<String> routes = new RouteCollector<>();

  @Test
  void overlappingSubscriptionsGiveOneRouteWithMaxQosAndAllIds() {
    // [MQTT-3.3.4-2] highest QoS of the matching subscriptions;
    // [MQTT-3.3.4-3], [MQTT-3.3.4-4] every Subscription Identifier in the one copy.
    index.subscribe("s", sub("a/+"), options(1, false, false, 11));
    index.subscribe("s", sub("a/#"), options(2, false, false, 22));
    index.subscribe("s", sub("a/b"), options(0, false, false, 0));
    index.subscribe("t", sub("a/b"), options(1, false, false, 33));

    route("a/b", "publisher");

    assertThat(routes.size()).isEqualTo(2);
    Map<String, Integer> at = positions();
    int s = at.get("s");
    assertThat(routes.qos(s)).isEqualTo(2);
    assertThat(routes.subscriptionIds(s)).containsExactlyInAnyOrder(11, 22);
    int t = at.get("t");
    assertThat(routes.qos(t)).isEqualTo(1);
    assertThat(routes.subscriptionIds(t)).containsExactly(33);
  }

  @Test
  void subscriptionsWithoutIdentifiersGiveNoIds() {
    index.subscribe("s", sub("a/+"), options(1, false, false, 0));
    index.subscribe("s", sub("a/#"), options(0, false, false, 0));
    route("a/b", null);
    assertThat(routes.size()).isEqualTo(1);
    assertThat(routes.subscriptionIds(0)).isEmpty();
    assertThat(routes.qos(0)).isEqualTo(1);
  }

  @ParameterizedTest(name = "[MQTT-3.3.4-2] QoS {0} then {1} -> {2}")
  @CsvSource({"0, 0, 0", "0, 1, 1", "1, 0, 1", "2, 1, 2", "1, 2, 2", "0, 2, 2"})
  void qosIsTheMaximumWhateverTheOrder(int first, int second, int expected) {
    routes.reset("p");
    routes.subscriber("s", options(first, false, false, 0), ANY);
    routes.subscriber("s", options(second, false, false, 0), ANY);
    assertThat(routes.size()).isEqualTo(1);
    assertThat(routes.qos(0)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[MQTT-3.3.1-13] retainAsPublished {0} or {1} -> {2}")
  @CsvSource({
    "false, false, false",
    "false, true,  true",
    "true,  false, true",
    "true,  true,  true"
  })
  void retainAsPublishedIsOred(boolean first, boolean second, boolean expected) {
    routes.reset("p");
    routes.subscriber("s", options(1, false, first, 0), ANY);
    routes.subscriber("s", options(1, false, second, 0), ANY);
    assertThat(routes.size()).isEqualTo(1);
    assertThat(routes.retainAsPublished(0)).isEqualTo(expected);
  }

  @Test
  void noLocalSkipsOnlyThePublishersOwnNoLocalSubscription() {
    // [MQTT-3.8.3-3] No Local: not forwarded to the publishing client itself.
    index.subscribe("p", sub("a/b"), options(2, true, false, 1));
    index.subscribe("q", sub("a/b"), options(1, true, false, 2));
    route("a/b", "p");
    assertThat(routes.size()).isEqualTo(1);
    assertThat(routes.subscriber(0)).isEqualTo("q");

    // A second, overlapping subscription of p without No Local still delivers, with only its
    // own QoS and identifier.
    index.subscribe("p", sub("a/+"), options(0, false, false, 3));
    route("a/b", "p");
    Map<String, Integer> at = positions();
    assertThat(at).containsOnlyKeys("p", "q");
    assertThat(routes.qos(at.get("p"))).isZero();
    assertThat(routes.subscriptionIds(at.get("p"))).containsExactly(3);

    // Published by someone else, both of p's subscriptions count.
    route("a/b", "r");
    at = positions();
    assertThat(routes.qos(at.get("p"))).isEqualTo(2);
    assertThat(routes.subscriptionIds(at.get("p"))).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void noLocalWithoutAPublisherDeliversToEveryone() {
    // A server-made message (will, $SYS) has no publishing session.
    index.subscribe("p", sub("a"), options(1, true, false, 0));
    route("a", null);
    assertThat(routes.size()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} subscribers, 3 overlapping subscriptions each")
  @ValueSource(ints = {1, 7, 8, 9, 10, 40})
  void deduplicatesAcrossTheLinearAndMapPaths(int subscribers) {
    // Up to 8 routes are found by a linear scan, beyond that through a map: both must merge.
    for (int i = 0; i < subscribers; i++) {
      index.subscribe("s" + i, sub("a/+"), options(i % 3, false, false, 1));
      index.subscribe("s" + i, sub("a/b"), options(0, false, i % 2 == 0, 2));
      index.subscribe("s" + i, sub("#"), options(1, false, false, 0));
    }
    route("a/b", "publisher");
    assertThat(routes.size()).isEqualTo(subscribers);
    Map<String, Integer> at = positions();
    assertThat(at).hasSize(subscribers);
    for (int i = 0; i < subscribers; i++) {
      int p = at.get("s" + i);
      assertThat(routes.qos(p)).as("s%d qos", i).isEqualTo(Math.max(i % 3, 1));
      assertThat(routes.subscriptionIds(p)).as("s%d ids", i).containsExactlyInAnyOrder(1, 2);
      assertThat(routes.retainAsPublished(p)).as("s%d rap", i).isEqualTo(i % 2 == 0);
    }
  }

  @Test
  void duplicatesAroundTheLinearLimitAreMergedInOrder() {
    // Drive the collector directly, interleaving repeats with new subscribers as the ninth
    // arrives and the map takes over.
    routes.reset("p");
    for (int i = 0; i < 8; i++) {
      routes.subscriber("s" + i, options(0, false, false, 100 + i), ANY);
    }
    routes.subscriber("s0", options(1, false, false, 200), ANY); // linear path, size 8
    routes.subscriber("s8", options(0, false, false, 108), ANY); // ninth: switches to the map
    for (int i = 0; i < 9; i++) {
      routes.subscriber("s" + i, options(2, false, false, 300 + i), ANY); // map path
    }
    routes.subscriber("s9", options(0, false, false, 109), ANY);
    assertThat(routes.size()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(routes.subscriber(i)).isEqualTo("s" + i); // first-seen order
      assertThat(routes.qos(i)).isEqualTo(i < 9 ? 2 : 0);
    }
    assertThat(routes.subscriptionIds(0)).containsExactly(100, 200, 300);
    assertThat(routes.subscriptionIds(8)).containsExactly(108, 308);
    assertThat(routes.subscriptionIds(9)).containsExactly(109);
  }

  @Test
  void growsBeyondTheInitialCapacity() {
    routes.reset("p");
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 100; i++) {
        routes.subscriber("s" + i, options(round + 1, false, false, 1 + round), ANY);
      }
    }
    assertThat(routes.size()).isEqualTo(100);
    assertThat(routes.subscriber(99)).isEqualTo("s99");
    assertThat(routes.qos(99)).isEqualTo(2);
    assertThat(routes.subscriptionIds(99)).containsExactly(1, 2);
  }

  @Test
  void resetClearsEverythingFromThePreviousPublish() {
    index.subscribe("s0", sub("$share/g/a"), options(1, false, false, 0));
    routes.reset("p");
    for (int i = 0; i < 12; i++) {
      routes.subscriber("s" + i, options(2, false, true, 7), ANY);
    }
    index.match(TopicName.parse("a"), routes);
    assertThat(routes.size()).isEqualTo(12);
    assertThat(routes.sharedGroups()).hasSize(1);

    routes.reset("s3");
    assertThat(routes.size()).isZero();
    assertThat(routes.sharedGroups()).isEmpty();

    // Nothing carries over: not the routes, their QoS, ids or flags, nor the map of positions,
    // nor the previous publisher for No Local.
    routes.subscriber("s5", options(0, false, false, 0), ANY);
    routes.subscriber("p", options(1, true, false, 0), ANY);
    routes.subscriber("s3", options(1, true, false, 0), ANY);
    for (int i = 20; i < 30; i++) {
      routes.subscriber("s" + i, options(0, false, false, 0), ANY);
    }
    routes.subscriber("s5", options(1, false, false, 9), ANY);
    assertThat(routes.size()).isEqualTo(12);
    assertThat(routes.subscriber(0)).isEqualTo("s5");
    assertThat(routes.qos(0)).isEqualTo(1);
    assertThat(routes.retainAsPublished(0)).isFalse();
    assertThat(routes.subscriptionIds(0)).containsExactly(9);
    assertThat(routes.subscriber(1)).isEqualTo("p");
    assertThat(positions()).doesNotContainKey("s3");
  }

  @Test
  void sharedGroupsAreCollectedNotMerged() {
    index.subscribe("s", sub("$share/g/a/+"), options(1, false, false, 0));
    index.subscribe("s", sub("$share/g/a/#"), options(1, false, false, 0));
    index.subscribe("s", sub("a/+"), options(1, false, false, 0));
    route("a/b", "s");
    assertThat(routes.size()).isEqualTo(1);
    assertThat(routes.sharedGroups())
        .extracting(g -> g.filter().value())
        .containsExactlyInAnyOrder("a/+", "a/#");
  }

  private void route(String topic, Object publisher) {
    index.match(TopicName.parse(topic), routes.reset(publisher));
  }

  private Map<String, Integer> positions() {
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < routes.size(); i++) {
      assertThat(at.put(routes.subscriber(i), i)).as("duplicate route").isNull();
    }
    return at;
  }

  private static SubscriptionFilter sub(String value) {
    return SubscriptionFilter.parse(value);
  }

  private static SubscriptionOptions options(
      int qos, boolean noLocal, boolean retainAsPublished, int id) {
    return new SubscriptionOptions(qos, noLocal, retainAsPublished, 0, id);
  }
}
