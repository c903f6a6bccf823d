package io.aviary.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.EventIds;
import io.aviary.audit.event.KafkaClientSecurity;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaAuditTransportTest {
  private static final String ORG_A = "org_aaaaaaaaaaaa";
  private static final String ORG_B = "org_bbbbbbbbbbbb";
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().build().start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void aRecordKafkaNeverTookIsRefusedToTheShipperNotCountedAsLost() throws Exception {
    // Nothing listens on port 9: the producer never gets metadata and gives up after max.block.ms.
    AtomicInteger lost = new AtomicInteger();
    try (KafkaAuditTransport transport = transport("127.0.0.1:9", "aviary.audit.v1", 0, true)) {
      transport.send(event(ORG_A, 0), counting(lost)); // packed, not sent yet
      assertThat(transport.packed()).isEqualTo(1);
      assertThatThrownBy(() -> transport.flush(counting(lost)))
          .isInstanceOf(TimeoutException.class);
      assertThat(transport.packed()).isEqualTo(1); // kept for the next flush
      // With the pack full (record-bytes 0), a send must ship it first, and is refused.
      assertThatThrownBy(() -> transport.send(event(ORG_A, 1), counting(lost)))
          .isInstanceOf(TimeoutException.class);
      assertThat(transport.packed()).isEqualTo(1);
    }
    assertThat(lost).hasValue(0); // the shipper retries instead
  }

  @Test
  void eventsOfOneOrganizationArePackedIntoRecordsKeyedByItInOrder() throws Exception {
    String topic = "packing-" + System.nanoTime();
    kafka.createTopic(topic, 2);
    List<AuditRecord> sent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      sent.add(event(i % 3 == 0 ? ORG_B : ORG_A, i));
    }

    ship(topic, 2048, false, sent);
    Topic read = read(topic, sent.size());

    assertThat(read.byKey().get(ORG_A)).isEqualTo(of(sent, ORG_A));
    assertThat(read.byKey().get(ORG_B)).isEqualTo(of(sent, ORG_B));
    assertThat(read.largest()).isLessThan(2048 + 300);
    // About 2 KiB a record: full packs, plus the two the flush sent.
    assertThat(read.records()).isBetween(2, sent.size() / 5);
    assertThat(read.runs()).isZero();
  }

  @Test
  void allowedPublishesTravelAsVerdictRunsAndReadBackAsTheirEvents() throws Exception {
    String topic = "runs-" + System.nanoTime();
    kafka.createTopic(topic, 1);
    List<AuditRecord> sent = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      sent.add(i % 50 == 49 ? event(ORG_A, i) : verdictOf("c" + i % 4, "fleet/s" + i + "/temp"));
    }

    ship(topic, 4096, true, sent);
    Topic topicRead = read(topic, sent.size());
    List<AuditRecord> read = topicRead.byKey().get(ORG_A);

    assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
    // Four clients a pack, each run closed by the next disconnect or the pack's end.
    assertThat(topicRead.runs()).isGreaterThan(0).isLessThan(sent.size() / 4);
    // Each client's verdicts, and the other events among all, keep their order.
    for (String client : List.of("c0", "c1", "c2", "c3")) {
      assertThat(read.stream().filter(e -> client.equals(clientOf(e))).toList())
          .isEqualTo(sent.stream().filter(e -> client.equals(clientOf(e))).toList());
    }
    List<AuditRecord> others =
        sent.stream().filter(AuditRecord.ClientDisconnected.class::isInstance).toList();
    for (int i = 1; i < others.size(); i++) {
      int at = read.indexOf(others.get(i));
      assertThat(read.subList(0, at)).containsAll(sent.subList(0, sent.indexOf(others.get(i))));
    }
  }

  /** Sends {@code events} through a new transport and flushes it: none may be lost. */
  private static void ship(
      String topic, int recordBytes, boolean verdictRuns, List<AuditRecord> events)
      throws Exception {
    AtomicInteger lost = new AtomicInteger();
    try (KafkaAuditTransport transport =
        transport(kafka.bootstrapServers(), topic, recordBytes, verdictRuns)) {
      for (AuditRecord event : events) {
        transport.send(event, counting(lost));
      }
      transport.flush(counting(lost));
      assertThat(transport.packed()).isZero();
    }
    assertThat(lost).hasValue(0);
  }

  /**
   * What a topic holds: how many records, the largest value in characters, how many verdict runs,
   * and the events under each key in order, runs expanded.
   */
  private record Topic(int records, int largest, int runs, Map<String, List<AuditRecord>> byKey) {}

  /** Reads {@code topic} until it gave {@code events} events, every one valid and rightly keyed. */
  private static Topic read(String topic, int events) {
    AuditCodec codec = new AuditCodec();
    Map<String, List<AuditRecord>> byKey = new HashMap<>();
    int records = 0;
    int largest = 0;
    int runs = 0;
    int read = 0;
    try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(kafka, topic)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read < events && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          records++;
          largest = Math.max(largest, r.value().length());
          List<AuditRecord> keyed = byKey.computeIfAbsent(r.key(), k -> new ArrayList<>());
          for (byte[] line : AuditCodec.lines(r.value().getBytes(StandardCharsets.UTF_8))) {
            switch (codec.read(line)) {
              case AuditCodec.Accepted a -> keyed.add(a.record());
              case AuditCodec.AcceptedRun run -> {
                runs++;
                keyed.addAll(run.records());
              }
              case AuditCodec.Refusal refusal -> throw new AssertionError(refusal.toString());
            }
          }
          assertThat(keyed).allSatisfy(e -> assertThat(e.orgId()).isEqualTo(r.key()));
          read = byKey.values().stream().mapToInt(List::size).sum();
        }
      }
    }
    return new Topic(records, largest, runs, byKey);
  }

  private static String clientOf(AuditRecord event) {
    return event instanceof AuditRecord.AclDecided d ? d.clientId() : null;
  }

  @Test
  void anEventLargerThanTheProducerTakesIsCountedLostNotRetriedForever() throws Exception {
    String topic = "too-large-" + System.nanoTime();
    kafka.createTopic(topic, 1);
    AtomicInteger lost = new AtomicInteger();
    try (KafkaAuditTransport transport =
        new KafkaAuditTransport(
            KafkaAuditTransport.producerSettings(
                kafka.bootstrapServers(),
                KafkaClientSecurity.PLAINTEXT,
                "test",
                32 * 1024, // buffer.memory: packs are held to a quarter of it
                Duration.ofMinutes(2),
                "lz4",
                Duration.ofMillis(5),
                16384),
            topic,
            65536,
            true)) {
      transport.send(verdictOn("t/" + "x".repeat(40_000)), counting(lost));
      transport.flush(counting(lost)); // does not throw: nothing would ever take it

      assertThat(lost).hasValue(1);
      assertThat(transport.packed()).isZero();
      // Ordinary events still go, each pack under a quarter of the buffer.
      for (int i = 0; i < 100; i++) {
        transport.send(event(ORG_A, i), counting(lost));
      }
      transport.flush(counting(lost));
    }
    List<ConsumerRecord<String, String>> records =
        KafkaClients.readAll(kafka, topic, 1, Duration.ofSeconds(30));
    assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.value()).hasSizeLessThan(9000));
    assertThat(lost).hasValue(1);
  }

  private static AuditRecord verdictOn(String topic) {
    return verdictOf("c-large", topic);
  }

  private static AuditRecord verdictOf(String client, String topic) {
    return new AuditRecord.AclDecided(
        EventIds.next(),
        ORG_A,
        "node-1",
        Instant.now(),
        client,
        "device:" + client,
        AuditRecord.AclDecided.Action.PUBLISH,
        topic,
        0,
        false,
        AuditRecord.AclDecided.Verdict.ALLOW,
        "r",
        io.aviary.acl.Decision.Reason.RULE,
        1,
        false);
  }

  /** Counts every event told lost. */
  private static AuditShipper.Lost counting(AtomicInteger lost) {
    return new AuditShipper.Lost() {
      @Override
      public void events(String org, int count) {
        lost.addAndGet(count);
      }

      @Override
      public void marker(AuditRecord.AuditDropped marker) {
        lost.incrementAndGet();
      }
    };
  }

  private static List<AuditRecord> of(List<AuditRecord> events, String org) {
    return events.stream().filter(e -> e.orgId().equals(org)).toList();
  }

  private static KafkaAuditTransport transport(
      String servers, String topic, int recordBytes, boolean verdictRuns) {
    return new KafkaAuditTransport(
        KafkaAuditTransport.producerSettings(
            servers,
            KafkaClientSecurity.PLAINTEXT,
            "test",
            64 * 1024,
            Duration.ofMinutes(2),
            "lz4",
            Duration.ofMillis(5),
            16384),
        topic,
        recordBytes,
        verdictRuns);
  }

  private static AuditRecord event(String org, int i) {
    return new AuditRecord.ClientDisconnected(
        EventIds.next(),
        org,
        "node-1",
        Instant.now(),
        "c" + i,
        AuditRecord.ClientDisconnected.Kind.CLEAN,
        "bye",
        1);
  }
}
