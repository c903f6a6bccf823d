package io.aviary.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.message.UserProperty;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.session.Handover;
import io.aviary.node.session.SessionReplica;
import io.aviary.node.session.Will;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
  private static final OrgId ORG = new OrgId("org_testtesttest");

  private static final Message FULL =
      new Message(
          TopicName.parse("sensors/7/temp"),
          "21.5".getBytes(StandardCharsets.UTF_8),
          2,
          true,
          new PublishProperties(
              1,
              "text/plain",
              "replies/7",
              new byte[] {1, 2, 3},
              List.of(new UserProperty("unit", "C"), new UserProperty("unit", "K"))),
          1_700_000_000_000L,
          "the publisher's session");

  private static final Message BARE =
      new Message(TopicName.parse("a"), new byte[0], 0, false, PublishProperties.NONE, 0, null);

  @Test
  void aForwardedMessageArrivesWithEveryFieldButItsPublisher() {
    Wire.Forward f = Wire.forward(Wire.forward(ORG, FULL, List.of("$share/g/sensors/+/temp")));
    assertThat(f.org()).isEqualTo(ORG);
    assertThat(f.sharedGroups()).containsExactly("$share/g/sensors/+/temp");
    assertSame(f.message(), FULL);
    assertThat(f.message().publisher()).as("No Local applies on the publishing node only").isNull();

    Wire.Forward bare = Wire.forward(Wire.forward(ORG, BARE, List.of()));
    assertSame(bare.message(), BARE);
    assertThat(bare.message().properties()).isSameAs(PublishProperties.NONE);
    assertThat(bare.sharedGroups()).isEmpty();
  }

  @Test
  void aWillRoundTripsWithTheRegistryEntryOfItsConnection() {
    Will will = new Will(FULL.topic(), FULL.payload(), 1, true, FULL.properties(), 600, 30);
    byte[] bytes = Wire.will("node-a/7", will);
    assertThat(Wire.willEntry(bytes)).isEqualTo("node-a/7");
    Will copy = Wire.will(bytes);
    assertThat(copy.topic()).isEqualTo(will.topic());
    assertThat(copy.payload()).isEqualTo(will.payload());
    assertThat(copy.qos()).isEqualTo(1);
    assertThat(copy.retain()).isTrue();
    assertThat(copy.properties()).usingRecursiveComparison().isEqualTo(will.properties());
    assertThat(copy.expirySeconds()).isEqualTo(600);
    assertThat(copy.delaySeconds()).isEqualTo(30);

    Will bare = new Will(BARE.topic(), BARE.payload(), 0, false, PublishProperties.NONE, -1, 0);
    assertThat(Wire.will(Wire.will("n/1", bare)).expirySeconds()).isEqualTo(-1);
  }

  @Test
  void aRetainedMessageRoundTrips() {
    assertSame(Wire.retained(Wire.retained(FULL)), FULL);
  }

  @Test
  void aHandoverKeepsSubscriptionsAndPendingDeliveriesInOrder() {
    Handover sent =
        new Handover(
            List.of(
                new Handover.Subscription(
                    SubscriptionFilter.parse("sensors/#"),
                    new SubscriptionOptions(1, true, true, 2, 42)),
                new Handover.Subscription(
                    SubscriptionFilter.parse("$share/g/jobs"), SubscriptionOptions.qos(2))),
            List.of(
                new Delivery(FULL, 1, true, new int[] {42, 7}),
                new Delivery(BARE, 2, false, new int[0])));

    Handover got = Wire.handover(Wire.handover(sent));

    assertThat(got.subscriptions()).isEqualTo(sent.subscriptions());
    assertThat(got.pending()).hasSize(2);
    assertSame(got.pending().get(0).message(), FULL);
    assertThat(got.pending().get(0).qos()).isEqualTo(1);
    assertThat(got.pending().get(0).retain()).isTrue();
    assertThat(got.pending().get(0).subscriptionIds()).containsExactly(42, 7);
    assertThat(got.pending().get(1).qos()).isEqualTo(2);
    assertThat(got.pending().get(1).retain()).isFalse();
    assertThat(Wire.handover(Wire.handover((Handover) null))).isNull();
  }

  @Test
  void aPersistentSessionsSavedStateAndDeliveriesRoundTrip() {
    SessionReplica.Saved saved =
        new SessionReplica.Saved(
            "node-a.7",
            3600,
            1_700_000_000_123L,
            List.of(
                new Handover.Subscription(
                    SubscriptionFilter.parse("sensors/+/temp"),
                    new SubscriptionOptions(2, false, true, 1, 9))));
    assertThat(Wire.saved(Wire.saved(saved))).isEqualTo(saved);

    Delivery d = Wire.delivery(Wire.delivery(new Delivery(FULL, 2, true, new int[] {3})));
    assertSame(d.message(), FULL);
    assertThat(d.qos()).isEqualTo(2);
    assertThat(d.retain()).isTrue();
    assertThat(d.subscriptionIds()).containsExactly(3);
  }

  @Test
  void aRecordOfAnotherVersionIsRefusedRatherThanMisread() {
    Buffer newer = Wire.forward(ORG, FULL, List.of());
    newer.setByte(0, (byte) (Wire.VERSION + 1));
    assertThatThrownBy(() -> Wire.forward(newer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  private static void assertSame(Message got, Message sent) {
    assertThat(got.topic()).isEqualTo(sent.topic());
    assertThat(got.payload()).isEqualTo(sent.payload());
    assertThat(got.qos()).isEqualTo(sent.qos());
    assertThat(got.retain()).isEqualTo(sent.retain());
    assertThat(got.expiresAtMillis()).isEqualTo(sent.expiresAtMillis());
    PublishProperties g = got.properties();
    PublishProperties s = sent.properties();
    assertThat(g.payloadFormatIndicator()).isEqualTo(s.payloadFormatIndicator());
    assertThat(g.contentType()).isEqualTo(s.contentType());
    assertThat(g.responseTopic()).isEqualTo(s.responseTopic());
    assertThat(g.correlationData()).isEqualTo(s.correlationData());
    assertThat(g.userProperties()).isEqualTo(s.userProperties());
  }
}
