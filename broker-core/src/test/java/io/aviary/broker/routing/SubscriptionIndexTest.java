package io.aviary.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubscriptionIndexTest {
  private static final SubscriptionOptions QOS0 = SubscriptionOptions.qos(0);
  private static final SubscriptionOptions QOS1 = SubscriptionOptions.qos(1);
  private static final SubscriptionOptions QOS2 = SubscriptionOptions.qos(2);

  private final SubscriptionIndex<String> index = new SubscriptionIndex<>();

  @ParameterizedTest(name = "{3}: ''{0}'' vs ''{1}'' -> {2}")
  @MethodSource("io.aviary.broker.topic.MatchCases#table")
  void indexAgreesWithTheMatchTable(String filter, String topic, boolean expected, String rule) {
    index.subscribe("s", sub(filter), QOS1);
    List<String> keys = match(topic).keys();
    assertThat(keys).isEqualTo(expected ? List.of("s@" + filter) : List.of());
    assertThat(TopicFilter.parse(filter).matches(TopicName.parse(topic))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{3}: shared ''$share/g/{0}'' vs ''{1}'' -> {2}")
  @MethodSource("io.aviary.broker.topic.MatchCases#table")
  void sharedSubscriptionsFollowTheSameTable(
      String filter, String topic, boolean expected, String rule) {
    index.subscribe("s", sub("$share/g/" + filter), QOS1);
    assertThat(match(topic).groupKeys()).isEqualTo(expected ? List.of("g@" + filter) : List.of());
  }

  @Test
  void theListenerHearsOnlyAFiltersFirstSubscriptionAndLastUnsubscriptionInOrder() {
    List<String> heard = new ArrayList<>();
    SubscriptionIndex<String> counted =
        new SubscriptionIndex<>(
            new SubscriptionIndex.FilterListener() {
              @Override
              public void firstSubscription(SubscriptionFilter filter) {
                heard.add("+" + filter);
              }

              @Override
              public void lastUnsubscription(SubscriptionFilter filter) {
                heard.add("-" + filter);
              }
            });
    counted.subscribe("a", sub("x/+"), QOS1);
    counted.subscribe("b", sub("x/+"), QOS1);
    counted.subscribe("a", sub("x/+"), QOS2); // a replacement is no change of the filter's set
    counted.subscribe("a", sub("$share/g/x/+"), QOS1);
    counted.subscribe("b", sub("$share/g/x/+"), QOS1);
    assertThat(counted.filters())
        .extracting(SubscriptionFilter::value)
        .containsExactlyInAnyOrder("x/+", "$share/g/x/+");

    counted.unsubscribe("a", sub("x/+"));
    counted.unsubscribe("c", sub("x/+")); // not subscribed: nothing changes
    counted.unsubscribe("b", sub("x/+"));
    counted.unsubscribe("a", sub("$share/g/x/+"));
    counted.unsubscribe("b", sub("$share/g/x/+"));

    assertThat(heard).containsExactly("+x/+", "+$share/g/x/+", "-x/+", "-$share/g/x/+");
    assertThat(counted.filters()).isEmpty();
  }

  @Test
  void filtersListsEveryFilterWithSubscriptionsOnceWhereverItSitsInTheTrie() {
    for (String f : List.of("a", "a/b", "a/+/c", "#", "+/#", "$share/g1/a/b", "$share/g2/a/b")) {
      index.subscribe("s1", sub(f), QOS0);
      index.subscribe("s2", sub(f), QOS0);
    }
    assertThat(index.filters())
        .extracting(SubscriptionFilter::value)
        .containsExactlyInAnyOrder(
            "a", "a/b", "a/+/c", "#", "+/#", "$share/g1/a/b", "$share/g2/a/b");
  }

  @Test
  void allTableFiltersInOneIndexMatchLikeBruteForce() {
    // Every filter of the table subscribed at once (one subscriber per filter): the index must
    // emit exactly the filters that TopicFilter.matches accepts, each once.
    Set<String> filters = new LinkedHashSet<>();
    Set<String> topics = new LinkedHashSet<>();
    io.aviary.broker.topic.MatchCases.table()
        .map(Arguments::get)
        .forEach(
            a -> {
              filters.add((String) a[0]);
              topics.add((String) a[1]);
            });
    for (String f : filters) {
      index.subscribe("s:" + f, sub(f), QOS0);
    }
    assertThat(index.size()).isEqualTo(filters.size());
    for (String t : topics) {
      TopicName topic = TopicName.parse(t);
      List<String> expected =
          filters.stream()
              .filter(f -> TopicFilter.parse(f).matches(topic))
              .map(f -> "s:" + f + "@" + f)
              .sorted()
              .toList();
      assertThat(match(t).keys()).as("topic %s", t).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void subscribeReplacesTheSameSubscribersFilter() {
    // [MQTT-3.8.4-3] identical filter from the same session replaces the subscription.
    assertThat(index.subscribe("s", sub("a/+"), QOS1)).isTrue();
    assertThat(index.subscribe("s", sub("a/+"), QOS2)).isFalse();
    assertThat(index.size()).isEqualTo(1);
    Recorder<String> r = match("a/b");
    assertThat(r.hits).hasSize(1);
    assertThat(r.hits.get(0).options()).isEqualTo(QOS2);
  }

  @Test
  void differentFiltersOrSubscribersAreAdded() {
    assertThat(index.subscribe("s", sub("a/+"), QOS1)).isTrue();
    assertThat(index.subscribe("s", sub("a/#"), QOS1)).isTrue();
    assertThat(index.subscribe("t", sub("a/+"), QOS1)).isTrue();
    assertThat(index.size()).isEqualTo(3);
    assertThat(match("a/b").keys()).containsExactlyInAnyOrder("s@a/+", "s@a/#", "t@a/+");
  }

  @Test
  void hitsCarryTheSubscriptionsOwnFilterAndOptions() {
    SubscriptionOptions withId = new SubscriptionOptions(2, true, true, 1, 42);
    index.subscribe("s", sub("a/+/c"), withId);
    Recorder.Hit<String> hit = match("a/b/c").hits.get(0);
    assertThat(hit.subscriber()).isEqualTo("s");
    assertThat(hit.options()).isEqualTo(withId);
    assertThat(hit.filter()).isEqualTo(TopicFilter.parse("a/+/c"));
  }

  @Test
  void unsubscribeRemovesAndPrunes() {
    index.subscribe("s", sub("a/b/c"), QOS1);
    index.subscribe("s", sub("a/+/c"), QOS1);
    index.subscribe("s", sub("a/#"), QOS1);
    index.subscribe("t", sub("a/b"), QOS1);
    assertThat(index.size()).isEqualTo(4);

    assertThat(index.unsubscribe("s", sub("a/b/c"))).isTrue();
    assertThat(match("a/b/c").keys()).containsExactlyInAnyOrder("s@a/+/c", "s@a/#");
    // Pruning a/b/c must stop at a/b, which still holds t's subscription.
    assertThat(match("a/b").keys()).containsExactlyInAnyOrder("t@a/b", "s@a/#");

    assertThat(index.unsubscribe("s", sub("a/+/c"))).isTrue();
    assertThat(index.unsubscribe("s", sub("a/#"))).isTrue();
    assertThat(index.unsubscribe("t", sub("a/b"))).isTrue();
    assertThat(index.size()).isZero();
    for (String t : List.of("a", "a/b", "a/b/c", "a/x/c")) {
      Recorder<String> r = match(t);
      assertThat(r.hits).isEmpty();
      assertThat(r.groups).isEmpty();
    }
    // The pruned paths can be subscribed to again.
    assertThat(index.subscribe("s", sub("a/b/c"), QOS1)).isTrue();
    assertThat(match("a/b/c").keys()).containsExactly("s@a/b/c");
  }

  @Test
  void unsubscribeOfAnUnknownSubscriptionReturnsFalse() {
    index.subscribe("s", sub("a/b"), QOS1);
    index.subscribe("s", sub("$share/g/a/b"), QOS1);
    assertThat(index.unsubscribe("t", sub("a/b"))).isFalse();
    assertThat(index.unsubscribe("s", sub("a/b/c"))).isFalse();
    assertThat(index.unsubscribe("s", sub("a"))).isFalse(); // an inner node, no subscription
    assertThat(index.unsubscribe("s", sub("x/#"))).isFalse();
    assertThat(index.unsubscribe("s", sub("$share/h/a/b"))).isFalse();
    assertThat(index.unsubscribe("t", sub("$share/g/a/b"))).isFalse();
    // [MQTT-3.10.4-1] filters are compared character by character: a/+ is not a/b.
    assertThat(index.unsubscribe("s", sub("a/+"))).isFalse();
    assertThat(index.size()).isEqualTo(2);
    assertThat(match("a/b").keys()).containsExactly("s@a/b");
  }

  @Test
  void sharedAndOrdinarySubscriptionsToOneFilterAreIndependent() {
    index.subscribe("s", sub("a/b"), QOS1);
    index.subscribe("s", sub("$share/g/a/b"), QOS1);
    assertThat(index.size()).isEqualTo(2);
    Recorder<String> r = match("a/b");
    assertThat(r.keys()).containsExactly("s@a/b");
    assertThat(r.groupKeys()).containsExactly("g@a/b");

    index.unsubscribe("s", sub("a/b"));
    r = match("a/b");
    assertThat(r.hits).isEmpty();
    assertThat(r.groupKeys()).containsExactly("g@a/b");
  }

  @Test
  void sharedGroupPickAlternatesBetweenMembers() {
    // 4.8.2: each message to a shared subscription goes to one member of the group.
    index.subscribe("A", sub("$share/g/a/+"), QOS1);
    index.subscribe("B", sub("$share/g/a/+"), QOS2);
    assertThat(index.size()).isEqualTo(2);
    SharedGroup<String> group = single(match("a/x").groups);
    assertThat(group.name()).isEqualTo("g");
    assertThat(group.filter()).isEqualTo(TopicFilter.parse("a/+"));
    assertThat(group.size()).isEqualTo(2);
    assertThat(members(group)).containsExactly("A", "B");

    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picks.add(group.pick().subscriber());
    }
    assertThat(picks).containsExactly("A", "B", "A", "B", "A", "B");
  }

  @Test
  void resubscribingToASharedGroupReplacesTheMember() {
    assertThat(index.subscribe("A", sub("$share/g/a"), QOS0)).isTrue();
    assertThat(index.subscribe("A", sub("$share/g/a"), QOS2)).isFalse();
    assertThat(index.size()).isEqualTo(1);
    SharedGroup<String> group = single(match("a").groups);
    assertThat(group.size()).isEqualTo(1);
    assertThat(group.pick().options()).isEqualTo(QOS2);
  }

  @Test
  void sharedGroupIsRemovedWhenItsLastMemberLeaves() {
    index.subscribe("A", sub("$share/g/a/+"), QOS1);
    index.subscribe("B", sub("$share/g/a/+"), QOS1);
    SharedGroup<String> held = single(match("a/x").groups);

    assertThat(index.unsubscribe("A", sub("$share/g/a/+"))).isTrue();
    SharedGroup<String> group = single(match("a/x").groups);
    assertThat(members(group)).containsExactly("B");
    assertThat(group.pick().subscriber()).isEqualTo("B");
    assertThat(group.pick().subscriber()).isEqualTo("B");

    assertThat(index.unsubscribe("B", sub("$share/g/a/+"))).isTrue();
    assertThat(index.size()).isZero();
    assertThat(match("a/x").groups).isEmpty();
    // A router still holding the group sees it empty rather than a stale member.
    assertThat(held.size()).isZero();
    assertThat(held.pick()).isNull();

    // A new member makes a new group.
    index.subscribe("C", sub("$share/g/a/+"), QOS1);
    SharedGroup<String> fresh = single(match("a/x").groups);
    assertThat(fresh).isNotSameAs(held);
    assertThat(members(fresh)).containsExactly("C");
  }

  @Test
  void sameGroupNameOnDifferentFiltersIsDifferentGroups() {
    // 4.8.2: a shared subscription is identified by share name and filter together.
    index.subscribe("A", sub("$share/g/a/+"), QOS1);
    index.subscribe("B", sub("$share/g/a/#"), QOS1);
    Recorder<String> r = match("a/x");
    assertThat(r.groupKeys()).containsExactlyInAnyOrder("g@a/+", "g@a/#");
    for (SharedGroup<String> group : r.groups) {
      assertThat(group.size()).isEqualTo(1);
    }
    assertThat(match("a").groupKeys()).containsExactly("g@a/#");

    index.unsubscribe("A", sub("$share/g/a/+"));
    assertThat(match("a/x").groupKeys()).containsExactly("g@a/#");
  }

  @Test
  void differentGroupNamesOnOneFilterEachGetTheMessage() {
    index.subscribe("A", sub("$share/g1/a"), QOS1);
    index.subscribe("B", sub("$share/g2/a"), QOS1);
    index.subscribe("C", sub("$share/g2/a"), QOS1);
    Recorder<String> r = match("a");
    assertThat(r.groupKeys()).containsExactly("g1@a", "g2@a");
    assertThat(r.groups.get(1).size()).isEqualTo(2);
  }

  @Test
  void dollarTopicsAreNotMatchedByLeadingWildcards() {
    // [MQTT-4.7.2-1]
    index.subscribe("hash", sub("#"), QOS0);
    index.subscribe("plus", sub("+/x"), QOS0);
    index.subscribe("plushash", sub("+/#"), QOS0);
    index.subscribe("shared", sub("$share/g/#"), QOS0);
    index.subscribe("sys", sub("$SYS/#"), QOS0);
    index.subscribe("sysx", sub("$SYS/+"), QOS0);
    Recorder<String> sys = match("$SYS/x");
    assertThat(sys.keys()).containsExactlyInAnyOrder("sys@$SYS/#", "sysx@$SYS/+");
    assertThat(sys.groups).isEmpty();
    Recorder<String> plain = match("a/x");
    assertThat(plain.keys()).containsExactlyInAnyOrder("hash@#", "plus@+/x", "plushash@+/#");
    assertThat(plain.groupKeys()).containsExactly("g@#");
  }

  @Test
  void subscriberIsRequired() {
    assertThatThrownBy(() -> index.subscribe(null, sub("a"), QOS0))
        .isInstanceOf(NullPointerException.class);
  }

  private Recorder<String> match(String topic) {
    Recorder<String> r = new Recorder<>();
    index.match(TopicName.parse(topic), r);
    return r;
  }

  private static SubscriptionFilter sub(String value) {
    return SubscriptionFilter.parse(value);
  }

  private static <T> T single(List<T> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private static List<String> members(SharedGroup<String> group) {
    return java.util.Arrays.stream(group.members())
        .map(Entry::subscriber)
        .collect(Collectors.toList());
  }
}
