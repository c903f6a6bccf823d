package io.aviary.broker.retained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.retained.RetainedStore.Result;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class InMemoryRetainedStoreTest {
  private static final long NOW = 1_000_000L;

  /** Topics retained for the wildcard table below. */
  private static final List<String> TOPICS =
      List.of(
          "a",
          "a/b",
          "a/b/c",
          "a/c",
          "a/",
          "a//c",
          "b",
          "/a",
          "/",
          "$SYS",
          "$SYS/x",
          "$SYS/x/y",
          "x/$y");

  private final InMemoryRetainedStore store = new InMemoryRetainedStore(1_000);

  @Test
  void storesReplacesAndClears() {
    // [MQTT-3.3.1-5] store, and replace any existing retained message for the topic.
    assertThat(store.retain(message("a/b", "one"))).isEqualTo(Result.STORED);
    assertThat(payload(store.get(topic("a/b")))).isEqualTo("one");
    assertThat(store.size()).isEqualTo(1);

    assertThat(store.retain(message("a/b", "two"))).isEqualTo(Result.REPLACED);
    assertThat(payload(store.get(topic("a/b")))).isEqualTo("two");
    assertThat(store.size()).isEqualTo(1);

    // [MQTT-3.3.1-6] an empty payload removes the retained message.
    assertThat(store.retain(message("a/b", ""))).isEqualTo(Result.CLEARED);
    assertThat(store.get(topic("a/b"))).isNull();
    assertThat(store.size()).isZero();
    assertThat(matchTopics("#")).isEmpty();
  }

  @Test
  void emptyPayloadIsNeverStored() {
    // [MQTT-3.3.1-7] a zero-byte retained message is not stored.
    assertThat(store.retain(message("a", ""))).isEqualTo(Result.CLEARED);
    assertThat(store.get(topic("a"))).isNull();
    assertThat(store.size()).isZero();
    // Clearing where only a descendant is retained leaves the descendant alone.
    store.retain(message("a/b", "x"));
    assertThat(store.retain(message("a", ""))).isEqualTo(Result.CLEARED);
    assertThat(store.size()).isEqualTo(1);
    assertThat(matchTopics("#")).containsExactly("a/b");
  }

  @Test
  void storedCopyHasTheRetainFlagSet() {
    Message published = message("a", "x").withRetain(false);
    store.retain(published);
    Message stored = store.get(topic("a"));
    assertThat(stored.retain()).isTrue();
    assertThat(stored.payload()).isSameAs(published.payload());
  }

  @Test
  void clearingAParentOrChildLeavesTheOtherInPlace() {
    store.retain(message("a", "parent"));
    store.retain(message("a/b/c", "child"));
    assertThat(store.retain(message("a/b/c", ""))).isEqualTo(Result.CLEARED);
    assertThat(matchTopics("#")).containsExactly("a");
    store.retain(message("a/b/c", "child"));
    assertThat(store.retain(message("a", ""))).isEqualTo(Result.CLEARED);
    assertThat(matchTopics("#")).containsExactly("a/b/c");
    assertThat(matchTopics("a/#")).containsExactly("a/b/c");
    assertThat(store.size()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{2}: ''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"#\"      | a a/ a//c a/b a/b/c a/c b /a / x/$y | [MQTT-4.7.1-1], [MQTT-4.7.2-1] no $",
        "\"a/#\"    | a a/ a//c a/b a/b/c a/c            | [MQTT-4.7.1-1] parent included",
        "\"a/b/#\"  | a/b a/b/c                          | [MQTT-4.7.1-1] parent included",
        "\"+\"      | a b                                | [MQTT-4.7.1-2], [MQTT-4.7.2-1] no $",
        "\"+/+\"    | / /a a/ a/b a/c x/$y               | [MQTT-4.7.1-2] empty levels",
        "\"a/+\"    | a/ a/b a/c                         | [MQTT-4.7.1-2] one level under a",
        "\"a/+/c\"  | a//c a/b/c                         | [MQTT-4.7.1-2] empty middle level",
        "\"+/#\"    | a a/ a//c a/b a/b/c a/c b /a / x/$y | [MQTT-4.7.2-1] no $ topics",
        "\"/+\"     | / /a                               | [MQTT-4.7.1-2] leading empty level",
        "\"+/$y\"   | x/$y                               | [MQTT-4.7.2-1] $ only matters first",
        "\"$SYS/#\" | $SYS $SYS/x $SYS/x/y               | [MQTT-4.7.2-1] explicit $SYS",
        "\"$SYS/+\" | $SYS/x                             | [MQTT-4.7.2-1] explicit $SYS",
        "\"a/b\"    | a/b                                | 4.7 literal filter",
        "\"a/b/c/d\" |                                   | 4.7 nothing retained there",
        "\"z/#\"    |                                    | 4.7 nothing retained there",
      })
  void wildcardMatchTable(String filter, String expected, String rule) {
    for (String t : TOPICS) {
      store.retain(message(t, "p:" + t));
    }
    List<String> want = expected == null ? List.of() : List.of(expected.trim().split(" +"));
    assertThat(matchTopics(filter)).containsExactlyInAnyOrderElementsOf(want);
    // The table itself is checked against TopicFilter.matches over every retained topic.
    TopicFilter f = TopicFilter.parse(filter);
    assertThat(want)
        .containsExactlyInAnyOrderElementsOf(
            TOPICS.stream().filter(t -> f.matches(topic(t))).toList());
  }

  @ParameterizedTest(name = "{3}: ''{0}'' vs ''{1}'' -> {2}")
  @MethodSource("io.aviary.broker.topic.MatchCases#table")
  void agreesWithTheSharedMatchTable(String filter, String topic, boolean expected, String rule) {
    store.retain(message(topic, "x"));
    assertThat(matchTopics(filter)).isEqualTo(expected ? List.of(topic) : List.of());
  }

  @Test
  void randomTopicsAndFiltersAgreeWithTopicFilterMatches() {
    Random random = new Random(7);
    String[] levels = {"a", "b", "", "$x"};
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String t = randomPath(random, levels, false);
      if (store.retain(message(t, "x")) == Result.STORED) {
        topics.add(t);
      }
    }
    assertThat(store.size()).isEqualTo(topics.size());
    String[] filterLevels = {"a", "b", "", "$x", "+"};
    for (int i = 0; i < 2_000; i++) {
      String filter = randomPath(random, filterLevels, true);
      TopicFilter f = TopicFilter.parse(filter);
      List<String> brute = topics.stream().filter(t -> f.matches(topic(t))).toList();
      assertThat(matchTopics(filter)).as(filter).containsExactlyInAnyOrderElementsOf(brute);
    }
  }

  @Test
  void expiredMessagesAreNotReturned() {
    // [MQTT-3.3.2-5] past its Message Expiry Interval a message is not delivered.
    store.retain(message("a/1", "expires", NOW + 1_000));
    store.retain(message("a/2", "forever", 0));
    assertThat(matchTopics("a/+", NOW + 999)).containsExactly("a/1", "a/2");
    assertThat(matchTopics("a/+", NOW + 1_000)).containsExactly("a/2");
    assertThat(matchTopics("a/1", NOW + 5_000)).isEmpty();
    assertThat(matchTopics("#", NOW + 5_000)).containsExactly("a/2");
  }

  @Test
  void limitRefusesNewTopicsButAllowsReplaceAndClear() {
    InMemoryRetainedStore small = new InMemoryRetainedStore(2);
    assertThat(small.retain(message("a/b", "1"))).isEqualTo(Result.STORED);
    assertThat(small.retain(message("c", "2"))).isEqualTo(Result.STORED);

    assertThat(small.retain(message("d", "3"))).isEqualTo(Result.LIMIT_REACHED);
    assertThat(small.retain(message("a/b/c", "3"))).isEqualTo(Result.LIMIT_REACHED);
    // "a" exists as an inner node of a/b but holds no message: still a new retained message.
    assertThat(small.retain(message("a", "3"))).isEqualTo(Result.LIMIT_REACHED);
    assertThat(small.size()).isEqualTo(2);
    assertThat(matches(small, "#")).containsExactlyInAnyOrder("a/b", "c");
    assertThat(small.get(topic("a/b/c"))).isNull();
    assertThat(small.get(topic("d"))).isNull();

    assertThat(small.retain(message("a/b", "replaced"))).isEqualTo(Result.REPLACED);
    assertThat(payload(small.get(topic("a/b")))).isEqualTo("replaced");
    assertThat(small.retain(message("d", ""))).isEqualTo(Result.CLEARED); // clear of nothing
    assertThat(small.retain(message("c", ""))).isEqualTo(Result.CLEARED);
    assertThat(small.size()).isEqualTo(1);

    assertThat(small.retain(message("a/b/c", "3"))).isEqualTo(Result.STORED);
    assertThat(small.size()).isEqualTo(2);
    assertThat(matches(small, "#")).containsExactlyInAnyOrder("a/b", "a/b/c");
  }

  @Test
  void refusedTopicsLeaveNoEmptyBranches() {
    InMemoryRetainedStore one = new InMemoryRetainedStore(1);
    one.retain(message("x", "1"));
    assertThat(one.retain(message("p/q/r", "2"))).isEqualTo(Result.LIMIT_REACHED);
    one.retain(message("x", ""));
    assertThat(one.size()).isZero();
    // With room again, the refused topic can be stored and is the only thing matched.
    assertThat(one.retain(message("p/q/r", "2"))).isEqualTo(Result.STORED);
    assertThat(matches(one, "#")).containsExactly("p/q/r");
    assertThat(matches(one, "p/+")).isEmpty();
  }

  @Test
  void maxMessagesMustBePositive() {
    assertThatThrownBy(() -> new InMemoryRetainedStore(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> matchTopics(String filter) {
    return matchTopics(filter, NOW);
  }

  private List<String> matchTopics(String filter, long now) {
    List<String> topics = new ArrayList<>();
    store.match(TopicFilter.parse(filter), now, m -> topics.add(m.topic().value()));
    return topics.stream().sorted().toList();
  }

  private static List<String> matches(RetainedStore store, String filter) {
    List<String> topics = new ArrayList<>();
    store.match(TopicFilter.parse(filter), NOW, m -> topics.add(m.topic().value()));
    return topics;
  }

  private static String randomPath(Random random, String[] levels, boolean filter) {
    int n = 1 + random.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('/');
      }
      if (filter && i == n - 1 && random.nextInt(4) == 0) {
        sb.append('#');
      } else {
        sb.append(levels[random.nextInt(levels.length)]);
      }
    }
    return sb.isEmpty() ? "a" : sb.toString();
  }

  private static TopicName topic(String value) {
    return TopicName.parse(value);
  }

  private static Message message(String topic, String payload) {
    return message(topic, payload, 0);
  }

  private static Message message(String topic, String payload, long expiresAt) {
    return new Message(
        topic(topic),
        payload.getBytes(StandardCharsets.UTF_8),
        1,
        true,
        PublishProperties.NONE,
        expiresAt,
        "publisher");
  }

  private static String payload(Message m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }
}
