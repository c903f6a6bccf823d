package io.aviary.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.session.Handover;
import io.aviary.node.session.SessionReplica;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionCopies} on two real Hazelcast members configured as broker nodes configure them:
 * what one member writes, the other finds with one partition query.
 */
class SessionCopiesTest {
  private static Vertx vertx;
  private static HazelcastInstance a;
  private static HazelcastInstance b;
  private static SessionCopies atA;
  private static SessionCopies atB;
  private static IMap<String, byte[]> messages;
  private static final SubscriptionFilter FILTER = SubscriptionFilter.parse("sensors/#");

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    int portA = freePort();
    int portB = freePort();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    String name = "copies-" + portA;
    a = Hazelcast.newHazelcastInstance(HazelcastSetup.config(cluster(name, portA, members)));
    b = Hazelcast.newHazelcastInstance(HazelcastSetup.config(cluster(name, portB, members)));
    assertThat(a.getCluster().getMembers()).hasSize(2);
    atA = copies(a, "node-a");
    atB = copies(b, "node-b");
    messages = a.getMap(HazelcastSetup.SESSION_MESSAGES_MAP);
  }

  @AfterAll
  static void stop() {
    b.shutdown();
    a.shutdown();
    vertx.close();
  }

  @Test
  void whatOneMemberWroteAnotherFindsInTheSessionsPartitionInOrder() throws Exception {
    String session = "org_a/device@example.com";
    String incarnation = atA.newIncarnation();
    await(atA.putState(session, saved(incarnation, 0)));
    for (int k = 0; k < 25; k++) {
      await(atA.putMessage(atA.messageKey(session, incarnation), delivery("m" + k)));
    }
    String done = atA.messageKey(session, incarnation);
    await(atA.putMessage(done, delivery("received")));
    atA.removeMessage(done);

    // Every entry sits in the session's partition, whichever member wrote it and however.
    int partition = a.getPartitionService().getPartition(session).getPartitionId();
    assertThat(messages.keySet())
        .filteredOn(k -> k.endsWith("@" + session))
        .allMatch(k -> a.getPartitionService().getPartition(k).getPartitionId() == partition);

    SessionReplica.Copy copy = await(atB.load(session));
    assertThat(copy.saved().subscriptions())
        .extracting(Handover.Subscription::filter)
        .containsExactly(FILTER);
    assertThat(copy.pending())
        .extracting(d -> new String(d.message().payload(), StandardCharsets.UTF_8))
        .containsExactly(
            java.util.stream.IntStream.range(0, 25).mapToObj(k -> "m" + k).toArray(String[]::new));
  }

  /**
   * Where the common fork-join pool has one thread (two cores), Hazelcast used to start a thread
   * for each continuation it ran asynchronously: one or more per message copy.
   */
  @Test
  void continuationsOfCopiesStartNoThreadEach() throws Exception {
    String session = "org_c/busy";
    String incarnation = atA.newIncarnation();
    await(atA.putState(session, saved(incarnation, 0)));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();
    List<CompletableFuture<Void>> written = new java.util.ArrayList<>();
    for (int k = 0; k < 500; k++) {
      CompletableFuture<Void> seen = new CompletableFuture<>();
      atA.putMessage(atA.messageKey(session, incarnation), delivery("m" + k))
          .whenComplete((x, e) -> seen.complete(null));
      written.add(seen);
      // As the registry's claim does with Hazelcast's own future.
      a.<String, String>getMap(HazelcastSetup.SESSIONS_MAP)
          .putAsync("org_c/claim-" + k, "node-a/" + k)
          .whenComplete((x, e) -> {});
    }
    await(CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)));
    assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(50);
    await(atA.discard(session));
  }

  @Test
  void anotherNodesRewriteKeepsOnlyItsOwnEntriesAndADiscardLeavesNothing() throws Exception {
    String session = "org_b/mover";
    String old = atA.newIncarnation();
    await(atA.putState(session, saved(old, 0)));
    await(atA.putMessage(atA.messageKey(session, old), delivery("one")));
    await(atA.putMessage(atA.messageKey(session, old), delivery("two")));

    String mine = atB.newIncarnation();
    await(atB.putState(session, saved(mine, 0)));
    await(atB.putMessage(atB.messageKey(session, mine), delivery("one")));
    await(atB.putMessage(atB.messageKey(session, mine), delivery("two")));
    await(atB.keepOnly(session, mine));
    assertThat(keysOf(session)).hasSize(2).allMatch(k -> k.startsWith("m:" + mine + ":"));

    await(atB.discard(session));
    assertThat(keysOf(session)).isEmpty();
    assertThat(await(atA.load(session))).isNull();
  }

  @Test
  void aSessionWhoseClientLeftLongerAgoThanItsExpiryIsNotTakenAndIsDiscarded() throws Exception {
    String session = "org_c/gone";
    String incarnation = atA.newIncarnation();
    long leftAnHourAgo = System.currentTimeMillis() - 3_600_000;
    await(atA.putState(session, saved(incarnation, leftAnHourAgo)));
    await(atA.putMessage(atA.messageKey(session, incarnation), delivery("stale")));

    assertThat(await(atB.load(session))).isNull();
    assertThat(keysOf(session)).isEmpty();
  }

  @Test
  void anEntryRemovedAsSoonAsItsWriteCompletesIsGone() throws Exception {
    // The way a session removes what its client acknowledged: from the write's own completion.
    String session = "org_d/quick";
    String incarnation = atA.newIncarnation();
    List<CompletionStage<Void>> writes = new java.util.ArrayList<>();
    for (int k = 0; k < 50; k++) {
      String key = atA.messageKey(session, incarnation);
      writes.add(
          atA.putMessage(key, delivery("m" + k)).whenComplete((x, e) -> atA.removeMessage(key)));
    }
    for (CompletionStage<Void> w : writes) {
      await(w);
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(keysOf(session)).isEmpty());
  }

  private static List<String> keysOf(String session) {
    return messages.keySet().stream().filter(k -> k.endsWith("@" + session)).toList();
  }

  private static SessionReplica.Saved saved(String incarnation, long detachedAt) {
    return new SessionReplica.Saved(
        incarnation,
        60,
        detachedAt,
        List.of(new Handover.Subscription(FILTER, SubscriptionOptions.qos(1))));
  }

  private static Delivery delivery(String payload) {
    return new Delivery(
        new Message(
            TopicName.parse("sensors/1"),
            payload.getBytes(StandardCharsets.UTF_8),
            1,
            false,
            PublishProperties.NONE,
            0,
            null),
        1,
        false,
        new int[0]);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static SessionCopies copies(HazelcastInstance h, String node) {
    Counter failures = new SimpleMeterRegistry().counter("failures");
    SessionCopies copies =
        new SessionCopies(
            vertx,
            node,
            h.getMap(HazelcastSetup.SESSION_STATE_MAP),
            h.getMap(HazelcastSetup.SESSION_MESSAGES_MAP),
            failures);
    copies.start();
    return copies;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static BrokerConfig.Cluster cluster(String name, int port, List<String> members) {
    return new BrokerConfig.Cluster() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String host() {
        return "127.0.0.1";
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public int busPort() {
        return 0;
      }

      @Override
      public Optional<List<String>> members() {
        return Optional.of(members);
      }

      @Override
      public Optional<String> kubernetesServiceDns() {
        return Optional.empty();
      }

      @Override
      public Duration failureTimeout() {
        return Duration.ofSeconds(4);
      }
    };
  }
}
