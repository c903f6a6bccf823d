package io.aviary.node.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishAcksTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final PublishAcks acks =
      new PublishAcks(
          loop,
          (qos, id, code) -> sent.add(qos + ":" + id + ":" + Integer.toHexString(code)),
          (qos, id, code, cause) -> 0x80);

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void answersGoOutAtOnceWhileNothingWaits() throws Exception {
    onLoop(() -> acks.answer(1, 1, 0x00));
    onLoop(() -> acks.answer(2, 2, 0x10));
    assertThat(sent).containsExactly("1:1:0", "2:2:10");
  }

  @Test
  void aWaitingAnswerHoldsBackTheLaterOnesInPacketOrder() throws Exception {
    // [MQTT-4.6.0-2]: PUBACKs in the order the PUBLISH packets came.
    CompletableFuture<Void> stored = new CompletableFuture<>();
    onLoop(() -> acks.answer(1, 1, 0x00));
    onLoop(() -> acks.answerWhen(1, 2, 0x00, stored));
    onLoop(() -> acks.answer(1, 3, 0x87));
    assertThat(sent).containsExactly("1:1:0");

    stored.complete(null);
    onLoop(() -> {}); // the completion hops to the loop; this runs after it
    assertThat(sent).containsExactly("1:1:0", "1:2:0", "1:3:87");
  }

  @Test
  void aFailedWaitAnswersWithTheFailureCode() throws Exception {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    onLoop(() -> acks.answerWhen(2, 9, 0x10, stored));
    stored.completeExceptionally(new IllegalStateException("no backup"));
    onLoop(() -> {});
    assertThat(sent).containsExactly("2:9:80");
  }

  private void onLoop(Runnable task) throws Exception {
    loop.submit(task).get(5, TimeUnit.SECONDS);
  }
}
