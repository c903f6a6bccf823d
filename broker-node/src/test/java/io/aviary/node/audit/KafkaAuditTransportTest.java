package io.aviary.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.EventIds;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaAuditTransportTest {

  @Test
  void aRecordKafkaNeverTookIsRefusedToTheShipperNotCountedAsLost() {
    // Nothing listens on port 9: the producer never gets metadata and gives up after max.block.ms.
    AtomicInteger lost = new AtomicInteger();
    try (KafkaAuditTransport transport =
        new KafkaAuditTransport(
            KafkaAuditTransport.producerSettings(
                "127.0.0.1:9",
                "test",
                64 * 1024,
                Duration.ofMinutes(2),
                "lz4",
                Duration.ofMillis(20),
                131072),
            "aviary.audit.v1")) {
      assertThatThrownBy(() -> transport.send(event(), r -> lost.incrementAndGet()))
          .isInstanceOf(TimeoutException.class);
    }
    assertThat(lost).hasValue(0); // the shipper retries it instead
  }

  private static AuditRecord event() {
    return new AuditRecord.ClientDisconnected(
        EventIds.next(),
        "org_testtesttest",
        "node-1",
        Instant.now(),
        "c1",
        AuditRecord.ClientDisconnected.Kind.CLEAN,
        "bye",
        1);
  }
}
