package io.aviary.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditRecord.AuditDropped;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.audit.event.EventIds;
import io.aviary.broker.auth.AuthFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditShipperTest {
  private static final String ORG = "org_testtesttest";
  private static final String OTHER = "org_otherotherot";

  /** A backend that can be held (back-pressure) and records what reached it. */
  private static class HeldBackend implements AuditShipper.Transport {
    final List<AuditRecord> received = new CopyOnWriteArrayList<>();
    final List<Runnable> lostCallbacks = new CopyOnWriteArrayList<>();
    final CountDownLatch firstSend = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void send(AuditRecord record, AuditShipper.Lost lost) throws Exception {
      firstSend.countDown();
      assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      received.add(record);
      lostCallbacks.add(() -> lost.record(record));
    }

    @Override
    public void close() {}

    List<String> labels() {
      List<String> labels = new ArrayList<>();
      for (AuditRecord r : received) {
        labels.add(
            r instanceof AuditDropped d
                ? "dropped:" + d.orgId() + ":" + d.dropped()
                : ((ClientDisconnected) r).clientId());
      }
      return labels;
    }
  }

  private static AuditRecord event(String org, int i) {
    return new ClientDisconnected(
        EventIds.next(),
        org,
        "node-1",
        Instant.now(),
        "c" + i,
        ClientDisconnected.Kind.CLEAN,
        "bye",
        1);
  }

  private static AuditRecord event(int i) {
    return event(ORG, i);
  }

  @Test
  void aHeldBackendFillsTheQueueThenDropsAreCountedAndReportedFirstOnRecovery() throws Exception {
    HeldBackend backend = new HeldBackend();
    try (AuditShipper shipper = new AuditShipper(8, "node-1", backend)) {
      Instant before = Instant.now();
      shipper.emit(event(0));
      assertThat(backend.firstSend.await(10, TimeUnit.SECONDS)).isTrue(); // c0 is in the backend
      for (int i = 1; i <= 24; i++) {
        shipper.emit(event(i)); // returns at once even though the backend is held
      }
      assertThat(shipper.queued()).isEqualTo(8);
      assertThat(shipper.dropped()).isEqualTo(16);

      backend.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received.size() == 10);
      assertThat(backend.labels())
          .containsExactly(
              "c0", "dropped:" + ORG + ":16", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8");
      AuditDropped marker = (AuditDropped) backend.received.get(1);
      assertThat(marker.nodeId()).isEqualTo("node-1");
      assertThat(marker.firstDroppedAt()).isAfterOrEqualTo(before.minusMillis(1));
      assertThat(marker.lastDroppedAt()).isAfterOrEqualTo(marker.firstDroppedAt());
      assertThat(shipper.shipped()).isEqualTo(9);
      assertThat(shipper.markers()).isEqualTo(1);
    }
  }

  @Test
  void eachOrganizationGetsItsOwnMarkerAndDropsWithoutAnOrganizationAreOnlyCounted()
      throws Exception {
    HeldBackend backend = new HeldBackend();
    try (AuditShipper shipper = new AuditShipper(2, "node-1", backend)) {
      shipper.emit(event(0));
      assertThat(backend.firstSend.await(10, TimeUnit.SECONDS)).isTrue();
      shipper.emit(event(1)); // queued
      shipper.emit(event(2)); // queued
      shipper.emit(event(ORG, 3));
      shipper.emit(event(OTHER, 4));
      shipper.emit(event(OTHER, 5));
      shipper.emit(
          new AuditRecord.AuthenticationFailed(
              EventIds.next(),
              null,
              "node-1",
              Instant.now(),
              "c6",
              null,
              "127.0.0.1",
              "mqtts",
              AuthFailure.UNKNOWN_ORG));
      assertThat(shipper.dropped()).isEqualTo(4);

      backend.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received.size() == 5);
      assertThat(backend.labels().subList(1, 3))
          .containsExactlyInAnyOrder("dropped:" + ORG + ":1", "dropped:" + OTHER + ":2");
      assertThat(backend.labels().subList(3, 5)).containsExactly("c1", "c2");
    }
  }

  @Test
  void anEventTheBackendLosesAfterTakingItIsCountedAndReported() throws Exception {
    HeldBackend backend = new HeldBackend();
    backend.release.countDown();
    try (AuditShipper shipper = new AuditShipper(10, "node-1", backend)) {
      shipper.emit(event(0));
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received.size() == 1);
      backend.lostCallbacks.get(0).run(); // e.g. Kafka gave up on the batch

      assertThat(shipper.lost()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received.size() == 2);
      assertThat(backend.labels().get(1)).isEqualTo("dropped:" + ORG + ":1");

      // A lost marker is not forgotten either: its count comes back in the next one.
      backend.lostCallbacks.get(1).run();
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.received.size() == 3);
      assertThat(backend.labels().get(2)).isEqualTo("dropped:" + ORG + ":1");
    }
  }

  @Test
  void anUnavailableBackendIsRetriedWithTheSameEvent() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    AuditShipper.Transport flaky =
        new AuditShipper.Transport() {
          int failures = 3;

          @Override
          public void send(AuditRecord record, AuditShipper.Lost lost) {
            if (failures-- > 0) {
              throw new IllegalStateException("backend down");
            }
            received.add(((ClientDisconnected) record).clientId());
          }

          @Override
          public void close() {}
        };
    try (AuditShipper shipper = new AuditShipper(10, "node-1", flaky)) {
      shipper.emit(event(1));
      shipper.emit(event(2));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      assertThat(received).containsExactly("c1", "c2");
      assertThat(shipper.dropped()).isZero();
    }
  }

  /** A backend that holds back what it is sent until a flush, as Kafka's packs do. */
  private static class PackingBackend implements AuditShipper.Transport {
    final List<AuditRecord> packed = new ArrayList<>();
    final List<AuditRecord> flushed = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    @Override
    public synchronized void send(AuditRecord record, AuditShipper.Lost lost) {
      packed.add(record);
    }

    @Override
    public synchronized void flush(AuditShipper.Lost lost) {
      if (refuse) {
        throw new IllegalStateException("backend down");
      }
      flushed.addAll(packed);
      packed.clear();
    }

    @Override
    public synchronized int packed() {
      return packed.size();
    }

    @Override
    public void close() {}
  }

  @Test
  void whatTheTransportHoldsBackIsFlushedOnceTheQueueRunsEmpty() throws Exception {
    PackingBackend backend = new PackingBackend();
    try (AuditShipper shipper = new AuditShipper(64, "node-1", backend)) {
      for (int i = 0; i < 10; i++) {
        shipper.emit(event(i));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.flushed.size() == 10);
      assertThat(backend.packed()).isZero();
    }
  }

  @Test
  void whileFlushesFailTheShipperTakesNoMoreThanItsFlushBoundAndLosesNothing() throws Exception {
    PackingBackend backend = new PackingBackend();
    backend.refuse = true;
    int events = 6000; // more than the shipper sends between two flushes (4096)
    try (AuditShipper shipper = new AuditShipper(8192, "node-1", backend)) {
      for (int i = 0; i < events; i++) {
        shipper.emit(event(i));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.packed() == 4096);
      assertThat(shipper.queued()).isEqualTo(events - 4096); // the rest waits in the queue
      backend.refuse = false;
      await().atMost(Duration.ofSeconds(20)).until(() -> backend.flushed.size() == events);
      assertThat(shipper.dropped()).isZero();
      assertThat(backend.flushed)
          .extracting(r -> ((ClientDisconnected) r).clientId())
          .startsWith("c0", "c1", "c2")
          .endsWith("c" + (events - 1));
    }
  }

  @Test
  void closingShipsWhatIsQueuedAndDropsWhatComesAfter() throws Exception {
    HeldBackend backend = new HeldBackend();
    backend.release.countDown();
    AuditShipper shipper = new AuditShipper(64, "node-1", backend);
    for (int i = 0; i < 50; i++) {
      shipper.emit(event(i));
    }
    shipper.close();
    assertThat(backend.received).hasSize(50);
    shipper.emit(event(99));
    assertThat(shipper.dropped()).isEqualTo(1);
  }
}
