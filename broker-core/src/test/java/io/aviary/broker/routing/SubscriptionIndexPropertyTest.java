package io.aviary.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random subscribe/unsubscribe/match sequences over a small alphabet, checking after every step
 * that the trie agrees with a brute-force model that applies {@link TopicFilter#matches} to every
 * subscription: same subscriptions, each emitted once, with its latest options [MQTT-3.8.4-3],
 * including the '$' rule [MQTT-4.7.2-1], '#' [MQTT-4.7.1-1] and '+' [MQTT-4.7.1-2] on empty levels.
 */
class SubscriptionIndexPropertyTest {
  private static final int ITERATIONS = 4_000;
  private static final String[] TOPIC_LEVELS = {"a", "b", "", "$x"};
  private static final String[] FILTER_LEVELS = {"a", "b", "", "$x", "+", "+"};
  private static final String[] SUBSCRIBERS = {"s0", "s1", "s2", "s3", "s4", "s5"};
  private static final String[] GROUPS = {"g0", "g1"};

  /** Ordinary subscriptions: "subscriber@filter" to options. */
  private final Map<String, SubscriptionOptions> ordinary = new HashMap<>();

  /** Shared subscriptions: "group@filter" to members in index order, with their options. */
  private final Map<String, LinkedHashMap<String, SubscriptionOptions>> shared = new HashMap<>();

  private final SubscriptionIndex<String> index = new SubscriptionIndex<>();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20_240_229L})
  void indexAgreesWithBruteForce(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      int op = random.nextInt(10);
      if (op < 5) {
        subscribe(random);
      } else if (op < 8) {
        unsubscribeExisting(random);
      } else {
        unsubscribeRandom(random);
      }
      assertThat(index.size()).as("size after step %d", i).isEqualTo(modelSize());
      for (int m = 0; m < 3; m++) {
        checkMatch(randomTopic(random), i);
      }
    }
    // Tear everything down: the index must end empty and match nothing.
    for (String key : new ArrayList<>(ordinary.keySet())) {
      String[] parts = key.split("@", 2);
      assertThat(index.unsubscribe(parts[0], SubscriptionFilter.parse(parts[1]))).isTrue();
    }
    for (Map.Entry<String, LinkedHashMap<String, SubscriptionOptions>> g : shared.entrySet()) {
      String[] parts = g.getKey().split("@", 2);
      for (String member : g.getValue().keySet()) {
        assertThat(index.unsubscribe(member, shareFilter(parts[0], parts[1]))).isTrue();
      }
    }
    ordinary.clear();
    shared.clear();
    assertThat(index.size()).isZero();
    for (int m = 0; m < 200; m++) {
      TopicName topic = randomTopic(random);
      Recorder<String> r = new Recorder<>();
      index.match(topic, r);
      assertThat(r.hits).as("after teardown, %s", topic).isEmpty();
      assertThat(r.groups).as("after teardown, %s", topic).isEmpty();
    }
  }

  private void subscribe(Random random) {
    String filter = randomFilter(random);
    SubscriptionOptions options =
        new SubscriptionOptions(random.nextInt(3), false, false, 0, random.nextInt(1000));
    String subscriber = SUBSCRIBERS[random.nextInt(SUBSCRIBERS.length)];
    if (random.nextInt(5) == 0) {
      String group = GROUPS[random.nextInt(GROUPS.length)];
      LinkedHashMap<String, SubscriptionOptions> members =
          shared.computeIfAbsent(group + "@" + filter, k -> new LinkedHashMap<>());
      boolean isNew = !members.containsKey(subscriber);
      members.put(subscriber, options);
      assertThat(index.subscribe(subscriber, shareFilter(group, filter), options)).isEqualTo(isNew);
    } else {
      boolean isNew = ordinary.put(subscriber + "@" + filter, options) == null;
      assertThat(index.subscribe(subscriber, SubscriptionFilter.parse(filter), options))
          .isEqualTo(isNew);
    }
  }

  private void unsubscribeExisting(Random random) {
    if (!shared.isEmpty() && random.nextInt(4) == 0) {
      List<String> groups = new ArrayList<>(shared.keySet());
      groups.sort(null);
      String key = groups.get(random.nextInt(groups.size()));
      LinkedHashMap<String, SubscriptionOptions> members = shared.get(key);
      List<String> names = new ArrayList<>(members.keySet());
      String member = names.get(random.nextInt(names.size()));
      members.remove(member);
      if (members.isEmpty()) {
        shared.remove(key);
      }
      String[] parts = key.split("@", 2);
      assertThat(index.unsubscribe(member, shareFilter(parts[0], parts[1]))).isTrue();
    } else if (!ordinary.isEmpty()) {
      List<String> keys = new ArrayList<>(ordinary.keySet());
      keys.sort(null);
      String key = keys.get(random.nextInt(keys.size()));
      ordinary.remove(key);
      String[] parts = key.split("@", 2);
      assertThat(index.unsubscribe(parts[0], SubscriptionFilter.parse(parts[1]))).isTrue();
    }
  }

  private void unsubscribeRandom(Random random) {
    String filter = randomFilter(random);
    String subscriber = SUBSCRIBERS[random.nextInt(SUBSCRIBERS.length)];
    boolean existed = ordinary.remove(subscriber + "@" + filter) != null;
    assertThat(index.unsubscribe(subscriber, SubscriptionFilter.parse(filter))).isEqualTo(existed);
  }

  private void checkMatch(TopicName topic, int step) {
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, SubscriptionOptions> e : ordinary.entrySet()) {
      String filter = e.getKey().split("@", 2)[1];
      if (TopicFilter.parse(filter).matches(topic)) {
        expected.add(
            e.getKey() + "#" + e.getValue().maxQos() + "/" + e.getValue().subscriptionId());
      }
    }
    List<String> expectedGroups = new ArrayList<>();
    for (Map.Entry<String, LinkedHashMap<String, SubscriptionOptions>> g : shared.entrySet()) {
      String filter = g.getKey().split("@", 2)[1];
      if (TopicFilter.parse(filter).matches(topic)) {
        expectedGroups.add(g.getKey() + "=" + describe(g.getValue()));
      }
    }

    Recorder<String> r = new Recorder<>();
    index.match(topic, r);
    List<String> actual = new ArrayList<>();
    for (Recorder.Hit<String> h : r.hits) {
      actual.add(
          h.subscriber()
              + "@"
              + h.filter().value()
              + "#"
              + h.options().maxQos()
              + "/"
              + h.options().subscriptionId());
    }
    List<String> actualGroups = new ArrayList<>();
    for (SharedGroup<String> g : r.groups) {
      LinkedHashMap<String, SubscriptionOptions> members = new LinkedHashMap<>();
      Arrays.stream(g.members()).forEach(e -> members.put(e.subscriber(), e.options()));
      actualGroups.add(g.name() + "@" + g.filter().value() + "=" + describe(members));
    }
    assertThat(actual)
        .as("step %d, topic '%s'", step, topic)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(actualGroups)
        .as("step %d, topic '%s' shared", step, topic)
        .containsExactlyInAnyOrderElementsOf(expectedGroups);
  }

  private static String describe(Map<String, SubscriptionOptions> members) {
    StringBuilder sb = new StringBuilder();
    members.forEach((k, v) -> sb.append(k).append(':').append(v.subscriptionId()).append(','));
    return sb.toString();
  }

  private int modelSize() {
    int n = ordinary.size();
    for (LinkedHashMap<String, SubscriptionOptions> m : shared.values()) {
      n += m.size();
    }
    return n;
  }

  private static SubscriptionFilter shareFilter(String group, String filter) {
    return SubscriptionFilter.parse("$share/" + group + "/" + filter);
  }

  static String randomFilter(Random random) {
    int n = 1 + random.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('/');
      }
      if (i == n - 1 && random.nextInt(4) == 0) {
        sb.append('#');
      } else {
        sb.append(FILTER_LEVELS[random.nextInt(FILTER_LEVELS.length)]);
      }
    }
    // A one-level filter of "" would be empty, which is not a valid filter [MQTT-4.7.3-1].
    return sb.isEmpty() ? "a" : sb.toString();
  }

  static TopicName randomTopic(Random random) {
    int n = 1 + random.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(TOPIC_LEVELS[random.nextInt(TOPIC_LEVELS.length)]);
    }
    // A one-level topic of "" would be empty, which is not a valid name [MQTT-4.7.3-1].
    return TopicName.parse(sb.isEmpty() ? "a" : sb.toString());
  }
}
