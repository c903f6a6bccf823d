package io.aviary.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.topic.TopicName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundQueueTest {
  private static final long NOW = 1_000_000L;

  private final List<InFlight> sent = new ArrayList<>();

  @Test
  void windowHonoursTheSendQuota() {
    // [MQTT-4.9.0-2], [MQTT-3.3.4-9]: at most Receive Maximum unacknowledged QoS>0 PUBLISHes.
    OutboundQueue q = online(10, 2);
    int first = q.offer(delivery("m1", 1));
    int second = q.offer(delivery("m2", 2));
    assertThat(first).isPositive();
    assertThat(second).isPositive().isNotEqualTo(first);
    assertThat(q.offer(delivery("m3", 1))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.inFlightCount()).isEqualTo(2);
    assertThat(q.queuedCount()).isEqualTo(1);

    assertThat(q.complete(first, 1)).isTrue();
    assertThat(q.inFlightCount()).isEqualTo(1);
    // A new message waits behind the queued one rather than overtaking it [MQTT-4.6.0-6].
    assertThat(q.offer(delivery("m4", 1))).isEqualTo(OutboundQueue.QUEUED);
    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("m3");
    assertThat(q.inFlightCount()).isEqualTo(2);
    assertThat(q.queuedCount()).isEqualTo(1);

    q.drain(NOW, sent::add); // window still full: nothing moves
    assertThat(names(sent)).containsExactly("m3");
  }

  @Test
  void pendingListsWhatTheClientHasNotReceivedInOrder() {
    OutboundQueue q = online(10, 3);
    int acked = q.offer(delivery("acked", 1));
    q.offer(delivery("sent-qos1", 1));
    int released = q.offer(delivery("pubrec-came", 2));
    q.offer(delivery("queued-qos2", 2)); // the window of 3 is full: these two wait
    q.offer(delivery("queued-qos1", 1));
    assertThat(q.complete(acked, 1)).isTrue();
    assertThat(q.received(released)).isTrue(); // the client has it; only PUBCOMP is missing

    assertThat(
            q.pending().stream()
                .map(d -> new String(d.message().payload(), StandardCharsets.UTF_8)))
        .containsExactly("sent-qos1", "queued-qos2", "queued-qos1");
  }

  @Test
  void resumeHandsOverOnlyWhatWasInFlight() {
    // Messages that waited while the client was offline were never sent: they must leave through
    // drain (no DUP) and never through the re-send path [MQTT-3.3.1-1].
    OutboundQueue q = new OutboundQueue(10, 5);
    assertThat(q.offer(delivery("queued-offline", 1))).isEqualTo(OutboundQueue.QUEUED);
    q.resume(5, sent::add);
    assertThat(sent).isEmpty();
    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("queued-offline");
  }

  @Test
  void inFlightIdsAreDistinctAndLookedUpById() {
    // [MQTT-2.2.1-4] every in-flight delivery holds its own unused packet id.
    OutboundQueue q = online(0, 100);
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Delivery d = delivery("m" + i, 1 + i % 2);
      int id = q.offer(d);
      assertThat(ids.add(id)).isTrue();
      assertThat(q.inFlight(id).delivery()).isSameAs(d);
      assertThat(q.inFlight(id).packetId()).isEqualTo(id);
      assertThat(q.inFlight(id).state()).isEqualTo(InFlight.State.AWAITING_ACK);
    }
    assertThat(q.inFlight(12_345)).isNull();
  }

  @Test
  void queuesWhileOfflineAndSendsOnResume() {
    OutboundQueue q = new OutboundQueue(10, 5);
    assertThat(q.isOnline()).isFalse();
    for (int i = 1; i <= 4; i++) {
      assertThat(q.offer(delivery("m" + i, 1))).isEqualTo(OutboundQueue.QUEUED);
    }
    assertThat(q.inFlightCount()).isZero();

    q.resume(3, sent::add);
    q.drain(NOW, sent::add); // the new connection's Receive Maximum is the quota
    assertThat(q.isOnline()).isTrue();
    assertThat(names(sent)).containsExactly("m1", "m2", "m3");
    assertThat(q.queuedCount()).isEqualTo(1);

    q.suspend();
    assertThat(q.isOnline()).isFalse();
    assertThat(q.complete(sent.get(0).packetId(), 1)).isTrue(); // ack that raced the close
    assertThat(q.offer(delivery("m5", 1))).isEqualTo(OutboundQueue.QUEUED); // offline: queued
  }

  @Test
  void overflowDropsTheNewMessageAndCountsIt() {
    OutboundQueue q = new OutboundQueue(2, 5);
    assertThat(q.offer(delivery("m1", 1))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.offer(delivery("m2", 1))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.offer(delivery("m3", 1))).isEqualTo(OutboundQueue.DROPPED);
    assertThat(q.offer(delivery("m4", 2))).isEqualTo(OutboundQueue.DROPPED);
    assertThat(q.droppedCount()).isEqualTo(2);
    assertThat(q.queuedCount()).isEqualTo(2);
    q.resume(10, sent::add);
    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("m1", "m2"); // the old ones are kept
  }

  @Test
  void overflowAppliesWhenTheWindowIsFullToo() {
    OutboundQueue q = online(1, 1);
    assertThat(q.offer(delivery("m1", 1))).isPositive();
    assertThat(q.offer(delivery("m2", 1))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.offer(delivery("m3", 1))).isEqualTo(OutboundQueue.DROPPED);
    assertThat(q.droppedCount()).isEqualTo(1);
  }

  @Test
  void zeroQueueDropsEverythingThatCannotBeSent() {
    OutboundQueue q = new OutboundQueue(0, 1);
    assertThat(q.offer(delivery("m1", 1))).isEqualTo(OutboundQueue.DROPPED);
    q.resume(1, sent::add);
    q.drain(NOW, sent::add);
    assertThat(q.offer(delivery("m2", 1))).isPositive();
    assertThat(q.offer(delivery("m3", 1))).isEqualTo(OutboundQueue.DROPPED);
    assertThat(q.droppedCount()).isEqualTo(2);
  }

  @Test
  void qos2FlowReceivedThenComplete() {
    OutboundQueue q = online(10, 1);
    int id = q.offer(delivery("m1", 2));
    // [MQTT-4.3.3-3] unacknowledged until PUBREC: a PUBCOMP now is out of order.
    assertThat(q.complete(id, 2)).isFalse();
    assertThat(q.inFlight(id).state()).isEqualTo(InFlight.State.AWAITING_ACK);

    // [MQTT-4.3.3-4] PUBREC: the caller sends PUBREL; [MQTT-4.3.3-5] PUBREL unacknowledged
    // until PUBCOMP.
    assertThat(q.received(id)).isTrue();
    assertThat(q.inFlight(id).state()).isEqualTo(InFlight.State.AWAITING_COMPLETE);
    assertThat(q.received(id)).as("duplicate PUBREC").isTrue();
    assertThat(q.inFlight(id).state()).isEqualTo(InFlight.State.AWAITING_COMPLETE);
    assertThat(q.offer(delivery("m2", 1))).as("window still held").isEqualTo(OutboundQueue.QUEUED);

    assertThat(q.complete(id, 1)).as("PUBACK for a QoS 2 delivery").isFalse();
    assertThat(q.complete(id, 2)).isTrue();
    assertThat(q.inFlight(id)).isNull();
    assertThat(q.inFlightCount()).isZero();
    assertThat(q.complete(id, 2)).as("second PUBCOMP").isFalse();

    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("m2");
  }

  @Test
  void completeWithWrongQosOrUnknownIdReturnsFalse() {
    OutboundQueue q = online(10, 10);
    int qos1 = q.offer(delivery("m1", 1));
    assertThat(q.complete(qos1, 2)).as("PUBCOMP for a QoS 1 delivery").isFalse();
    assertThat(q.received(qos1)).as("PUBREC for a QoS 1 delivery").isFalse();
    assertThat(q.inFlight(qos1).state()).isEqualTo(InFlight.State.AWAITING_ACK);
    assertThat(q.complete(qos1 + 100, 1)).as("unknown id").isFalse();
    assertThat(q.received(qos1 + 100)).as("unknown id").isFalse();
    assertThat(q.inFlightCount()).isEqualTo(1);
    assertThat(q.complete(qos1, 1)).isTrue();
    assertThat(q.complete(qos1, 1)).as("second PUBACK").isFalse();
  }

  @Test
  void abandonEndsADeliveryAndFreesTheWindow() {
    // [MQTT-4.4.0-2] PUBREC with a reason code >= 0x80: acknowledged, not retransmitted.
    OutboundQueue q = online(10, 1);
    int id = q.offer(delivery("m1", 2));
    assertThat(q.offer(delivery("m2", 2))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.abandon(id)).isTrue();
    assertThat(q.abandon(id)).isFalse();
    assertThat(q.inFlight(id)).isNull();
    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("m2");
  }

  @Test
  void resumeResendsInFlightInOrderThenDrains() {
    // [MQTT-4.4.0-1] resend unacknowledged PUBLISH and PUBREL with their original ids;
    // [MQTT-4.6.0-1] in the order originally sent.
    OutboundQueue q = online(10, 3);
    int a = q.offer(delivery("a", 1));
    int b = q.offer(delivery("b", 2));
    int c = q.offer(delivery("c", 2));
    assertThat(q.received(b)).isTrue(); // b is past PUBREC: PUBREL is what gets resent
    assertThat(q.complete(a, 1)).isTrue();
    int d = q.offer(delivery("d", 1)); // reuses the freed slot, sent after c
    assertThat(d).isPositive();
    q.suspend();
    assertThat(q.offer(delivery("e", 1))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.offer(delivery("f", 2))).isEqualTo(OutboundQueue.QUEUED);

    q.resume(5, sent::add);
    q.drain(NOW, sent::add);

    assertThat(names(sent)).containsExactly("b", "c", "d", "e", "f");
    assertThat(sent.get(0).packetId()).isEqualTo(b);
    assertThat(sent.get(0).state()).isEqualTo(InFlight.State.AWAITING_COMPLETE);
    assertThat(sent.get(1).packetId()).isEqualTo(c);
    assertThat(sent.get(1).state()).isEqualTo(InFlight.State.AWAITING_ACK);
    assertThat(sent.get(2).packetId()).isEqualTo(d);
    assertThat(Set.of(sent.get(3).packetId(), sent.get(4).packetId()))
        .doesNotContain(b, c, d)
        .hasSize(2);
    assertThat(q.inFlightCount()).isEqualTo(5);
    assertThat(q.queuedCount()).isZero();
  }

  @Test
  void resumeWithASmallerReceiveMaximumResendsAllButStartsNothingNew() {
    OutboundQueue q = online(10, 3);
    q.offer(delivery("a", 1));
    q.offer(delivery("b", 1));
    q.offer(delivery("c", 1));
    q.suspend();
    q.offer(delivery("d", 1));
    q.resume(1, sent::add);
    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("a", "b", "c");
    assertThat(q.queuedCount()).isEqualTo(1);

    // Only once the in-flight count drops below the new quota does d go out [MQTT-4.9.0-2].
    sent.clear();
    assertThat(q.complete(1, 1)).isTrue();
    q.drain(NOW, sent::add);
    assertThat(sent).isEmpty();
    assertThat(q.complete(2, 1)).isTrue();
    assertThat(q.complete(3, 1)).isTrue();
    q.drain(NOW, sent::add);
    assertThat(names(sent)).containsExactly("d");
  }

  @Test
  void expiresQueuedMessages() {
    // [MQTT-3.3.2-5] a message whose expiry passed before onward delivery started is dropped.
    OutboundQueue q = new OutboundQueue(10, 10);
    q.offer(delivery("soon", 1, NOW + 100));
    q.offer(delivery("never", 1, 0));
    q.offer(delivery("later", 2, NOW + 200));
    assertThat(q.expire(NOW + 99)).isZero();
    assertThat(q.expire(NOW + 150)).isEqualTo(1);
    assertThat(q.queuedCount()).isEqualTo(2);
    assertThat(q.expiredCount()).isEqualTo(1);

    // "later" expires while waiting; drain skips it and counts it.
    q.resume(10, sent::add);
    q.drain(NOW + 250, sent::add);
    assertThat(names(sent)).containsExactly("never");
    assertThat(q.expiredCount()).isEqualTo(2);
    assertThat(q.queuedCount()).isZero();
  }

  @Test
  void inFlightMessagesAreNotExpired() {
    // [MQTT-4.3.3-7] once a PUBLISH has been sent, expiry no longer applies: it is resent.
    OutboundQueue q = online(10, 10);
    int id = q.offer(delivery("m", 2, NOW + 10));
    q.suspend();
    assertThat(q.expire(NOW + 1_000)).isZero();
    q.resume(10, sent::add);
    q.drain(NOW + 1_000, sent::add);
    assertThat(sent).extracting(InFlight::packetId).containsExactly(id);
    assertThat(q.expiredCount()).isZero();
  }

  @Test
  void qos0IsNotQueued() {
    OutboundQueue q = online(10, 10);
    assertThatThrownBy(() -> q.offer(delivery("m", 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "[MQTT-4.9.0-1] send quota {0} is refused")
  @ValueSource(ints = {0, -1, 65_536})
  void sendQuotaMustBeWithinReceiveMaximumRange(int quota) {
    assertThatThrownBy(() -> new OutboundQueue(10, quota))
        .isInstanceOf(IllegalArgumentException.class);
    OutboundQueue q = new OutboundQueue(10, 1);
    assertThatThrownBy(() -> q.resume(quota, sent::add))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxQueuedMustNotBeNegative() {
    assertThatThrownBy(() -> new OutboundQueue(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fullWindowOfMaximumSizeNeverRunsOutOfIds() {
    OutboundQueue q = online(1, 65_535);
    for (int i = 0; i < 65_535; i++) {
      assertThat(q.offer(delivery("m", 1))).isPositive();
    }
    assertThat(q.offer(delivery("m", 1))).isEqualTo(OutboundQueue.QUEUED);
    assertThat(q.complete(40_000, 1)).isTrue();
    q.drain(NOW, sent::add);
    assertThat(sent).extracting(InFlight::packetId).containsExactly(40_000);
  }

  private OutboundQueue online(int maxQueued, int quota) {
    OutboundQueue q = new OutboundQueue(maxQueued, quota);
    q.resume(quota, sent::add);
    q.drain(NOW, sent::add);
    assertThat(sent).isEmpty();
    return q;
  }

  private static List<String> names(List<InFlight> flights) {
    List<String> names = new ArrayList<>();
    for (InFlight f : flights) {
      names.add(new String(f.delivery().message().payload(), StandardCharsets.UTF_8));
    }
    return names;
  }

  private static Delivery delivery(String name, int qos) {
    return delivery(name, qos, 0);
  }

  private static Delivery delivery(String name, int qos, long expiresAt) {
    Message m =
        new Message(
            TopicName.parse("t"),
            name.getBytes(StandardCharsets.UTF_8),
            qos,
            false,
            PublishProperties.NONE,
            expiresAt,
            null);
    return new Delivery(m, qos, false, new int[0]);
  }
}
