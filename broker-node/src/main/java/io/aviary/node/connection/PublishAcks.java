package io.aviary.node.connection;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;

/**
 * A connection's answers to its QoS 1 and 2 PUBLISH packets (PUBACK, PUBREC), sent in the order the
 * packets came [MQTT-4.6.0-2]. Most answers go out at once; one that must wait (until the cluster
 * has stored a retained message) holds back those after it. Used on the connection's loop only.
 */
final class PublishAcks {
  /** Sends one answer: {@code reasonCode} as MQTT 5 defines it for PUBACK and PUBREC. */
  interface Sender {
    void send(int qos, int packetId, int reasonCode);
  }

  /** The reason code to answer with, instead of {@code reasonCode}, when the wait failed. */
  interface Failure {
    int reasonCode(int qos, int packetId, int reasonCode, Throwable cause);
  }

  private static final class Pending {
    final int qos;
    final int packetId;
    int reasonCode;
    boolean ready;

    Pending(int qos, int packetId, int reasonCode, boolean ready) {
      this.qos = qos;
      this.packetId = packetId;
      this.reasonCode = reasonCode;
      this.ready = ready;
    }
  }

  /**
   * Answers held back behind one that waits; made on the first wait, which a single node never has.
   */
  private ArrayDeque<Pending> queue;

  private final EventLoop loop;
  private final Sender sender;
  private final Failure failure;

  PublishAcks(EventLoop loop, Sender sender, Failure failure) {
    this.loop = loop;
    this.sender = sender;
    this.failure = failure;
  }

  /** Answers now, or after the answers still waiting. */
  void answer(int qos, int packetId, int reasonCode) {
    if (queue == null || queue.isEmpty()) {
      sender.send(qos, packetId, reasonCode);
    } else {
      queue.add(new Pending(qos, packetId, reasonCode, true));
    }
  }

  /** Answers once {@code stored} completes, in order with the other answers. */
  void answerWhen(int qos, int packetId, int reasonCode, CompletionStage<?> stored) {
    Pending p = new Pending(qos, packetId, reasonCode, false);
    if (queue == null) {
      queue = new ArrayDeque<>(4);
    }
    queue.add(p);
    stored.whenComplete(
        (ok, cause) ->
            loop.execute(
                () -> {
                  if (cause != null) {
                    p.reasonCode = failure.reasonCode(qos, packetId, p.reasonCode, cause);
                  }
                  p.ready = true;
                  drain();
                }));
  }

  private void drain() {
    Pending head;
    while ((head = queue.peek()) != null && head.ready) {
      queue.poll();
      sender.send(head.qos, head.packetId, head.reasonCode);
    }
  }
}
