package io.aviary.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.broker.audit.AuditEvent;
import io.aviary.broker.tenant.OrgId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditShipperTest {
  private static final OrgId ORG = OrgId.parse("org_testtesttest").orElseThrow();

  /** A backend that can be held (back-pressure) and records what reached it. */
  private static final class HeldBackend implements AuditShipper.Transport {
    final List<String> received = new CopyOnWriteArrayList<>();
    final CountDownLatch firstSend = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void send(AuditEvent event) throws InterruptedException {
      firstSend.countDown();
      assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      received.add(event.clientId());
    }

    @Override
    public void sendDropped(long dropped) {
      received.add("dropped:" + dropped);
    }

    @Override
    public void close() {}
  }

  private static AuditEvent event(int i) {
    return new AuditEvent.ClientDisconnected(Instant.now(), ORG, "c" + i, "clean", "bye");
  }

  @Test
  void aHeldBackendFillsTheQueueThenDropsAreCountedAndReportedOnRecovery() throws Exception {
    HeldBackend backend = new HeldBackend();
    try (AuditShipper shipper = new AuditShipper(10, backend)) {
      shipper.emit(event(0));
      assertThat(backend.firstSend.await(10, TimeUnit.SECONDS)).isTrue(); // c0 is in the backend
      for (int i = 1; i <= 24; i++) {
        shipper.emit(event(i)); // returns at once even though the backend is held
      }
      assertThat(shipper.queued()).isEqualTo(10);
      assertThat(shipper.dropped()).isEqualTo(14);

      backend.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received.size() == 12);
      assertThat(backend.received)
          .containsExactly(
              "c0", "dropped:14", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10");
      assertThat(shipper.shipped()).isEqualTo(11);
    }
  }

  @Test
  void anUnavailableBackendIsRetriedWithTheSameEvent() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    AuditShipper.Transport flaky =
        new AuditShipper.Transport() {
          int failures = 3;

          @Override
          public void send(AuditEvent event) {
            if (failures-- > 0) {
              throw new IllegalStateException("backend down");
            }
            received.add(event.clientId());
          }

          @Override
          public void sendDropped(long dropped) {
            received.add("dropped:" + dropped);
          }

          @Override
          public void close() {}
        };
    try (AuditShipper shipper = new AuditShipper(10, flaky)) {
      shipper.emit(event(1));
      shipper.emit(event(2));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      assertThat(received).containsExactly("c1", "c2");
      assertThat(shipper.dropped()).isZero();
    }
  }
}
