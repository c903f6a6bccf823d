package io.aviary.node.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.audit.PublishRecording;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Peers;
import io.aviary.node.session.Handover;
import io.aviary.node.session.Session;
import io.aviary.node.session.SessionReplica;
import io.aviary.node.tenant.Tenants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single node's journal, closed and opened again as a restart does. */
class JournalTest {
  private static final OrgId ORG = new OrgId("org_testtesttest");
  private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);

  @TempDir Path data;

  @AfterEach
  void stop() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void whatWasCommittedComesBackInOrderAndExpiredSessionsDoNot() throws Exception {
    try (Journal journal = Journal.open(data)) {
      String live = ORG.value() + "/live";
      String inc = journal.newIncarnation();
      await(journal.putState(live, saved(inc, 3600, 0)));
      for (int k = 1; k <= 3; k++) {
        await(journal.putMessage(journal.messageKey(live, inc), delivery("q" + k)));
      }
      String received = journal.messageKey(live, inc);
      await(journal.putMessage(received, delivery("received")));
      journal.removeMessage(received);

      String gone = ORG.value() + "/gone";
      await(journal.putState(gone, saved(inc, 60, System.currentTimeMillis() - 120_000)));
      await(journal.putMessage(journal.messageKey(gone, inc), delivery("stale")));
      await(journal.retained(ORG, message("state/1", "kept")));
      await(journal.retained(ORG, message("state/2", "dropped")));
      await(journal.retained(ORG, message("state/2", ""))); // cleared
    }

    try (Journal journal = Journal.open(data)) {
      Tenants tenants = tenants();
      Journal.Restored restored =
          journal.restore(tenants, loops).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(restored).isEqualTo(new Journal.Restored(1, 3, 1));

      Session session = tenants.of(ORG).sessions().find("live").orElseThrow();
      assertThat(session.isOnline()).isFalse();
      List<String> queued =
          loops
              .submit(
                  () ->
                      session.state().outbound().pending().stream()
                          .map(d -> new String(d.message().payload(), StandardCharsets.UTF_8))
                          .toList())
              .get();
      assertThat(queued).containsExactly("q1", "q2", "q3");
      assertThat(session.state().subscriptions()).containsKey(SubscriptionFilter.parse("t/#"));
      assertThat(tenants.of(ORG).sessions().find("gone")).isEmpty();
      assertThat(tenants.of(ORG).router().retainedCount()).isEqualTo(1);
    }
  }

  @Test
  void aSecondBrokerOnTheSameDirectoryIsRefusedWithTheFileNamed() throws Exception {
    try (Journal first = Journal.open(data)) {
      assertThatThrownBy(() -> Journal.open(data))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broker.journal")
          .hasMessageContaining("another broker");
    }
  }

  private Tenants tenants() {
    return new Tenants(
        new BrokerMetrics(new SimpleMeterRegistry()),
        100,
        100,
        PublishRecording.parse("all", 1.0),
        Peers.NONE);
  }

  private static SessionReplica.Saved saved(String inc, long expiry, long detachedAt) {
    return new SessionReplica.Saved(
        inc,
        expiry,
        detachedAt,
        List.of(
            new Handover.Subscription(
                SubscriptionFilter.parse("t/#"), SubscriptionOptions.qos(1))));
  }

  private static Delivery delivery(String payload) {
    return new Delivery(message("t/1", payload), 1, false, new int[0]);
  }

  private static Message message(String topic, String payload) {
    return new Message(
        TopicName.parse(topic),
        payload.getBytes(StandardCharsets.UTF_8),
        1,
        true,
        PublishProperties.NONE,
        0,
        null);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
