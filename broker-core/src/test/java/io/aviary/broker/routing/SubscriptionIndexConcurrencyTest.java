package io.aviary.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers subscribe and unsubscribe their own subscribers on paths that overlap each other and a
 * set of stable subscriptions (so nodes are created and pruned under the readers' feet) while
 * readers match continuously. Readers must always see the stable subscriptions and never see a
 * subscription twice; afterwards the index must hold exactly what the writers' models say (no lost
 * updates). Every loop is bounded by an iteration count; nothing sleeps.
 */
class SubscriptionIndexConcurrencyTest {
  private static final int WRITERS = 4;
  private static final int READERS = 3;
  private static final int OPS_PER_WRITER = 20_000;
  private static final int MIN_MATCHES_PER_READER = 5_000;
  private static final int MAX_MATCHES_PER_READER = 2_000_000;

  private static final String[] FILTERS = {
    "t/0/x",
    "t/1/x",
    "t/+/x",
    "t/#",
    "t/0/#",
    "t/0/x/y",
    "t/0/x/y/z",
    "+/0/x",
    "#",
    "t/+/+",
    "t/0",
    "u/0/x",
    "$share/g/t/0/x",
    "$share/g/t/+/x",
    "$share/h/t/#",
  };

  private static final String[] TOPICS = {
    "t/0/x", "t/1/x", "t/0/x/y", "t/0/x/y/z", "t/2/x", "t/0", "t", "u/0/x", "v"
  };

  private final SubscriptionIndex<String> index = new SubscriptionIndex<>();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void concurrentWritersAndReadersLoseNoUpdates() throws Exception {
    // Stable subscriptions, never touched by the writers.
    SubscriptionOptions stableOptions = SubscriptionOptions.qos(1);
    index.subscribe("stable", SubscriptionFilter.parse("t/+/x"), stableOptions);
    index.subscribe("stable", SubscriptionFilter.parse("t/0/x/y"), stableOptions);
    index.subscribe("stableM", SubscriptionFilter.parse("$share/g/t/0/x"), stableOptions);
    Set<String> stableOrdinary = Set.of("stable@t/+/x", "stable@t/0/x/y");

    List<Writer> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(new Writer(w));
    }
    AtomicInteger writersRunning = new AtomicInteger(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (Writer writer : writers) {
      tasks.add(
          () -> {
            start.await();
            try {
              writer.run();
            } finally {
              writersRunning.decrementAndGet();
            }
            return OPS_PER_WRITER;
          });
    }
    for (int r = 0; r < READERS; r++) {
      tasks.add(
          () -> {
            start.await();
            int matches = 0;
            for (int i = 0;
                i < MAX_MATCHES_PER_READER
                    && (i < MIN_MATCHES_PER_READER || writersRunning.get() > 0);
                i++) {
              readOnce(TOPICS[i % TOPICS.length]);
              matches++;
            }
            return matches;
          });
    }

    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (Callable<Integer> task : tasks) {
        futures.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Integer> f : futures) {
        assertThat(f.get(100, TimeUnit.SECONDS)).isPositive(); // rethrows a reader's failure
      }
    } finally {
      pool.shutdownNow();
    }

    // Final state: exactly the union of the writers' models plus the stable subscriptions.
    Map<String, SubscriptionOptions> ordinary = new HashMap<>();
    Map<String, Set<String>> shared = new HashMap<>();
    for (Writer w : writers) {
      ordinary.putAll(w.ordinary);
      w.shared.forEach((k, v) -> shared.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    }
    for (String s : stableOrdinary) {
      ordinary.put(s, stableOptions);
    }
    shared.computeIfAbsent("g@t/0/x", x -> new TreeSet<>()).add("stableM");
    int expectedSize = ordinary.size();
    for (Set<String> members : shared.values()) {
      expectedSize += members.size();
    }
    assertThat(index.size()).isEqualTo(expectedSize);

    for (String t : TOPICS) {
      TopicName topic = TopicName.parse(t);
      Set<String> expected = new TreeSet<>();
      ordinary.forEach(
          (key, options) -> {
            if (TopicFilter.parse(key.split("@", 2)[1]).matches(topic)) {
              expected.add(key + "#" + options.subscriptionId());
            }
          });
      Map<String, Set<String>> expectedGroups = new HashMap<>();
      shared.forEach(
          (key, members) -> {
            if (!members.isEmpty() && TopicFilter.parse(key.split("@", 2)[1]).matches(topic)) {
              expectedGroups.put(key, members);
            }
          });

      Recorder<String> r = new Recorder<>();
      index.match(topic, r);
      Set<String> actual = new TreeSet<>();
      for (Recorder.Hit<String> h : r.hits) {
        actual.add(h.subscriber() + "@" + h.filter().value() + "#" + h.options().subscriptionId());
      }
      Map<String, Set<String>> actualGroups = new HashMap<>();
      for (SharedGroup<String> g : r.groups) {
        Set<String> members = new TreeSet<>();
        for (Entry<String> e : g.members()) {
          members.add(e.subscriber());
        }
        actualGroups.put(g.name() + "@" + g.filter().value(), members);
      }
      assertThat(actual).as("topic %s", t).isEqualTo(expected);
      assertThat(r.hits).as("topic %s: each subscription once", t).hasSize(expected.size());
      assertThat(actualGroups).as("topic %s shared", t).isEqualTo(expectedGroups);
    }
  }

  private void readOnce(String t) {
    TopicName topic = TopicName.parse(t);
    Recorder<String> r = new Recorder<>();
    index.match(topic, r);
    Set<String> seen = new HashSet<>();
    for (String key : r.keys()) {
      if (!seen.add(key)) {
        throw new AssertionError("subscription " + key + " emitted twice for " + t);
      }
    }
    boolean middleX = topic.levelCount() == 3 && t.startsWith("t/") && t.endsWith("/x");
    if (middleX && !seen.contains("stable@t/+/x")) {
      throw new AssertionError("stable subscription t/+/x missing for " + t + ": " + seen);
    }
    if (t.equals("t/0/x/y") && !seen.contains("stable@t/0/x/y")) {
      throw new AssertionError("stable subscription t/0/x/y missing: " + seen);
    }
    if (t.equals("t/0/x")) {
      boolean found = false;
      for (SharedGroup<String> g : r.groups) {
        if (g.name().equals("g") && g.filter().value().equals("t/0/x")) {
          for (Entry<String> e : g.members()) {
            found |= e.subscriber().equals("stableM");
          }
        }
      }
      if (!found) {
        throw new AssertionError("stable shared member missing for t/0/x");
      }
    }
  }

  /** One writer thread's subscribers and its model of what they hold. */
  private final class Writer {
    final int id;
    final Random random;
    final Map<String, SubscriptionOptions> ordinary = new HashMap<>();
    final Map<String, Set<String>> shared = new HashMap<>();

    Writer(int id) {
      this.id = id;
      this.random = new Random(1_000L + id);
    }

    void run() {
      for (int i = 0; i < OPS_PER_WRITER; i++) {
        String subscriber = "w" + id + "-" + random.nextInt(6);
        String value = FILTERS[random.nextInt(FILTERS.length)];
        SubscriptionFilter filter = SubscriptionFilter.parse(value);
        if (random.nextInt(10) < 6) {
          SubscriptionOptions options =
              new SubscriptionOptions(random.nextInt(3), false, false, 0, 1 + random.nextInt(99));
          boolean isNew;
          if (filter.isShared()) {
            isNew = shared.computeIfAbsent(key(filter), k -> new TreeSet<>()).add(subscriber);
          } else {
            isNew = ordinary.put(subscriber + "@" + value, options) == null;
          }
          if (index.subscribe(subscriber, filter, options) != isNew) {
            throw new AssertionError("subscribe " + subscriber + " " + value + " != " + isNew);
          }
        } else {
          boolean existed;
          if (filter.isShared()) {
            Set<String> members = shared.get(key(filter));
            existed = members != null && members.remove(subscriber);
          } else {
            existed = ordinary.remove(subscriber + "@" + value) != null;
          }
          if (index.unsubscribe(subscriber, filter) != existed) {
            throw new AssertionError("unsubscribe " + subscriber + " " + value + " != " + existed);
          }
        }
      }
    }

    private static String key(SubscriptionFilter filter) {
      return filter.shareGroup() + "@" + filter.filter().value();
    }
  }
}
