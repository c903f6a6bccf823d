package io.aviary.node.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.retained.InMemoryRetainedStore;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.InFlight;
import io.aviary.broker.session.InMemorySessionStore;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Peers;
import io.aviary.node.routing.Router;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A clustered node's copies of persistent sessions ({@link SessionReplica}), seen from a node. */
class SessionCopyTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final BrokerMetrics metrics = new BrokerMetrics(new SimpleMeterRegistry());
  private final FakeReplica replica = new FakeReplica();
  private final Router router =
      new Router(
          new OrgId("org_testtesttest"),
          new SubscriptionIndex<>(),
          new InMemoryRetainedStore(10),
          metrics,
          Peers.NONE);
  private final SessionRegistry registry =
      new SessionRegistry(
          new InMemorySessionStore(), router, metrics, 100, replica, "org/", clientId -> {});

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aPersistentSessionIsSavedAndEachDeliveryCopiedUntilTheClientHasIt() throws Exception {
    RecordingLink link = new RecordingLink();
    Session session = open("c1", 3600, link, null);
    assertThat(replica.states).containsKey("org/c1");
    assertThat(replica.states.get("org/c1").expirySeconds()).isEqualTo(3600);
    assertThat(session.copiesMessages()).isTrue();

    replica.holdMessages = true;
    CompletableFuture<Void> stored = new CompletableFuture<>();
    onLoop(() -> session.deliver(message("one"), 1, false, new int[0], stored));
    // Sent to the client at once, but the publisher's answer waits for the copy.
    assertThat(link.sent).containsExactly("one");
    assertThat(stored).isNotDone();
    replica.release();
    assertThat(stored).isCompleted();
    assertThat(replica.messages.values()).extracting(this::payload).containsExactly("one");

    onLoop(() -> session.completed(link.packetIds.get(0), 1));
    assertThat(replica.messages).isEmpty();
  }

  @Test
  void anAcknowledgementThatOvertakesTheCopyRemovesItOnceWritten() throws Exception {
    RecordingLink link = new RecordingLink();
    Session session = open("c2", 3600, link, null);
    replica.holdMessages = true;
    onLoop(() -> session.deliver(message("fast"), 1, false, new int[0], null));
    onLoop(() -> session.completed(link.packetIds.get(0), 1));
    assertThat(replica.removed).isEmpty();

    replica.release();
    assertThat(replica.removed).hasSize(1);
    assertThat(replica.messages).isEmpty();
  }

  @Test
  void aSessionThatDoesNotPersistWritesNothing() throws Exception {
    RecordingLink link = new RecordingLink();
    Session session = open("c3", 0, link, null);
    CompletableFuture<Void> stored = new CompletableFuture<>();
    onLoop(() -> session.deliver(message("x"), 1, false, new int[0], stored));

    assertThat(stored).isCompleted();
    assertThat(session.copiesMessages()).isFalse();
    assertThat(replica.states).isEmpty();
    assertThat(replica.messages).isEmpty();
    assertThat(replica.calls).isEmpty();
  }

  @Test
  void stateIsWrittenOneWriteAtATimeAndTheLastStateWins() throws Exception {
    Session session = open("c4", 3600, new RecordingLink(), null);
    replica.holdStates = true;
    onLoop(
        () -> {
          subscribe(session, "a/#");
          session.changed();
          subscribe(session, "b/#");
          session.changed();
          subscribe(session, "c/#");
          session.changed();
        });
    assertThat(replica.statePuts.get()).isEqualTo(2); // the open's, and the first change's

    replica.release(); // the first change lands; the latest state follows it, once
    assertThat(replica.statePuts.get()).isEqualTo(3);
    replica.release();
    assertThat(replica.states.get("org/c4").subscriptions())
        .extracting(s -> s.filter().value())
        .containsExactly("a/#", "b/#", "c/#");
  }

  @Test
  void aClientThatLeavesHasItsCopyExpireWithTheSession() throws Exception {
    RecordingLink link = new RecordingLink();
    Session session = open("c5", 120, link, null);
    assertThat(replica.states.get("org/c5").detachedAtMillis()).isZero();

    onLoop(() -> registry.disconnected(session, link, null, 0));
    SessionReplica.Saved saved = replica.states.get("org/c5");
    assertThat(saved.detachedAtMillis()).isPositive();
    assertThat(saved.expired(saved.detachedAtMillis() + 119_000)).isFalse();
    assertThat(saved.expired(saved.detachedAtMillis() + 120_000)).isTrue();
  }

  @Test
  void aSessionThatEndsDiscardsItsCopyAndOneHandedToAnotherNodeLeavesIt() throws Exception {
    RecordingLink link = new RecordingLink();
    Session ending = open("c6", 3600, link, null);
    onLoop(() -> registry.end(ending));
    assertThat(replica.calls).contains("discard org/c6");
    assertThat(replica.states).doesNotContainKey("org/c6");

    Session moving = open("c7", 3600, new RecordingLink(), null);
    onLoop(() -> moving.deliver(message("queued"), 1, false, new int[0], null));
    Handover handover = registry.handOver("c7", false).get(5, TimeUnit.SECONDS);
    assertThat(handover.pending()).hasSize(1);
    assertThat(replica.calls).doesNotContain("discard org/c7");
    assertThat(replica.messages).hasSize(1);
  }

  @Test
  void aSessionTakenOverCopiesWhatItWasHandedThenDropsTheOlderCopies() throws Exception {
    Handover handover =
        new Handover(
            List.of(
                new Handover.Subscription(
                    SubscriptionFilter.parse("t", 10), SubscriptionOptions.qos(1))),
            List.of(
                new Delivery(message("old-1"), 1, false, new int[0]),
                new Delivery(message("old-2"), 1, false, new int[0])));
    replica.holdMessages = true;
    RecordingLink link = new RecordingLink();
    open("c8", 3600, link, handover);
    assertThat(replica.calls).noneMatch(c -> c.startsWith("keepOnly"));

    replica.release();
    String incarnation = replica.states.get("org/c8").incarnation();
    assertThat(replica.calls).contains("keepOnly org/c8 " + incarnation);
    assertThat(replica.messages.keySet()).allMatch(k -> k.startsWith(incarnation + ":"));
    assertThat(replica.messages.values())
        .extracting(this::payload)
        .containsExactlyInAnyOrder("old-1", "old-2");
    assertThat(link.sent).containsExactly("old-1", "old-2");
  }

  private Session open(String clientId, long expiry, RecordingLink link, Handover handover)
      throws InterruptedException {
    Session[] opened = new Session[1];
    onLoop(
        () ->
            registry.open(
                new SessionRegistry.OpenRequest(clientId, false, expiry, link, loop, 10, handover),
                (s, present) -> opened[0] = s));
    return opened[0];
  }

  private void subscribe(Session session, String filter) {
    SubscriptionFilter f = SubscriptionFilter.parse(filter, 10);
    session.state().subscribe(f, SubscriptionOptions.qos(1));
    router.subscribe(session, f, SubscriptionOptions.qos(1));
  }

  /** Runs {@code task} on the loop, then waits for the tasks it queued there. */
  private void onLoop(Runnable task) throws InterruptedException {
    loop.submit(task).sync();
    loop.submit(() -> {}).sync();
    loop.submit(() -> {}).sync();
  }

  private String payload(Delivery d) {
    return new String(d.message().payload(), StandardCharsets.UTF_8);
  }

  private static Message message(String payload) {
    return new Message(
        TopicName.parse("t"),
        payload.getBytes(StandardCharsets.UTF_8),
        1,
        false,
        PublishProperties.NONE,
        0,
        null);
  }

  /**
   * The cluster's maps in memory. Writes complete at once unless held; {@link #release} completes
   * the held ones (on the test thread, as Hazelcast completes on its own) and waits for the loop.
   */
  private final class FakeReplica implements SessionReplica {
    final Map<String, Saved> states = new ConcurrentHashMap<>();
    final Map<String, Delivery> messages = new ConcurrentHashMap<>();
    final List<String> removed = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger statePuts = new AtomicInteger();
    final AtomicInteger incarnations = new AtomicInteger();
    final AtomicInteger seq = new AtomicInteger();
    volatile boolean holdMessages;
    volatile boolean holdStates;
    final List<Runnable> held = new CopyOnWriteArrayList<>();

    void release() throws InterruptedException {
      holdMessages = false;
      holdStates = false;
      List<Runnable> now = new ArrayList<>(held);
      held.clear();
      now.forEach(Runnable::run);
      onLoop(() -> {});
    }

    private CompletionStage<Void> write(boolean hold, Runnable write) {
      if (!hold) {
        write.run();
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      held.add(
          () -> {
            write.run();
            done.complete(null);
          });
      return done;
    }

    @Override
    public String newIncarnation() {
      return "n." + incarnations.incrementAndGet();
    }

    @Override
    public String messageKey(String session, String incarnation) {
      return incarnation + ":" + seq.incrementAndGet() + "@" + session;
    }

    @Override
    public CompletionStage<Void> putMessage(String key, Delivery delivery) {
      calls.add("putMessage " + key);
      return write(holdMessages, () -> messages.put(key, delivery));
    }

    @Override
    public void removeMessage(String key) {
      calls.add("removeMessage " + key);
      removed.add(key);
      messages.remove(key);
    }

    @Override
    public CompletionStage<Void> putState(String session, Saved state) {
      calls.add("putState " + session);
      statePuts.incrementAndGet();
      return write(holdStates, () -> states.put(session, state));
    }

    @Override
    public CompletionStage<Void> discard(String session) {
      calls.add("discard " + session);
      states.remove(session);
      messages.keySet().removeIf(k -> k.endsWith("@" + session));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> keepOnly(String session, String incarnation) {
      calls.add("keepOnly " + session + " " + incarnation);
      messages
          .keySet()
          .removeIf(k -> k.endsWith("@" + session) && !k.startsWith(incarnation + ":"));
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class RecordingLink implements ClientLink {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<Integer> packetIds = new CopyOnWriteArrayList<>();

    @Override
    public void send(InFlight inFlight, boolean redelivery) {
      packetIds.add(inFlight.packetId());
      sent.add(new String(inFlight.delivery().message().payload(), StandardCharsets.UTF_8));
    }

    @Override
    public void sendAtMostOnce(Delivery delivery) {
      sent.add(new String(delivery.message().payload(), StandardCharsets.UTF_8));
    }

    @Override
    public void takenOver() {}
  }
}
