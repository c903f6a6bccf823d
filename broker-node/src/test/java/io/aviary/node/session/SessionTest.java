package io.aviary.node.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.retained.InMemoryRetainedStore;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.InFlight;
import io.aviary.broker.session.InMemorySessionStore;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Peers;
import io.aviary.node.routing.Router;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final BrokerMetrics metrics = new BrokerMetrics(new SimpleMeterRegistry());
  private final SessionRegistry registry =
      new SessionRegistry(
          new InMemorySessionStore(),
          new Router(
              new OrgId("org_testtesttest"),
              new SubscriptionIndex<>(),
              new InMemoryRetainedStore(10),
              metrics,
              Peers.NONE),
          metrics,
          100,
          null,
          "org_testtesttest/",
          clientId -> {});

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void connectionThatLeavesWhileOpeningLeavesTheSessionOfflineAndQueuing() throws Exception {
    RecordingLink link = new RecordingLink();
    Session[] opened = new Session[1];
    onLoop(
        () ->
            registry.open(
                new SessionRegistry.OpenRequest("c1", false, 3600, link, loop, 10, null),
                (session, present) -> {
                  opened[0] = session;
                  // The client closed before CONNACK: the connection reports it at once.
                  registry.disconnected(session, link, null, 0);
                }));
    Session session = opened[0];
    assertThat(session.isOnline()).isFalse();

    onLoop(() -> session.deliver(message("queued"), 1, false, new int[0]));

    assertThat(link.sent).isEmpty();
    assertThat(session.state().outbound().queuedCount()).isEqualTo(1);
    assertThat(session.state().outbound().isOnline()).isFalse();
  }

  @Test
  void resumedSessionGetsTheMessagesQueuedWhileOffline() throws Exception {
    RecordingLink first = new RecordingLink();
    Session[] opened = new Session[1];
    onLoop(
        () ->
            registry.open(
                new SessionRegistry.OpenRequest("c2", false, 3600, first, loop, 10, null),
                (session, present) -> opened[0] = session));
    Session session = opened[0];
    onLoop(() -> registry.disconnected(session, first, null, 0));
    onLoop(() -> session.deliver(message("while offline"), 1, false, new int[0]));

    RecordingLink second = new RecordingLink();
    Boolean[] present = new Boolean[1];
    onLoop(
        () ->
            registry.open(
                new SessionRegistry.OpenRequest("c2", false, 3600, second, loop, 10, null),
                (s, p) -> present[0] = p));

    assertThat(present[0]).isTrue();
    assertThat(first.sent).isEmpty();
    assertThat(second.sent).containsExactly("while offline");
  }

  /** Runs {@code task} on the loop, then waits for the tasks it queued there (the attach). */
  private void onLoop(Runnable task) throws InterruptedException {
    loop.submit(task).sync();
    loop.submit(() -> {}).sync();
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

  private static final class RecordingLink implements ClientLink {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(InFlight inFlight, boolean redelivery) {
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
