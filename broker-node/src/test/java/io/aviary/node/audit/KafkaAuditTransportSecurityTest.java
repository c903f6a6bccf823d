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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's audit producer against Kafka's SASL_SSL listener (SCRAM-SHA-512, TLS with a CA of
 * its own), configured from the client properties an operator gives: with the credentials its
 * events arrive; with a wrong password or without SASL Kafka refuses it, the transport says so at
 * once (the shipper keeps the events and retries), and nothing is counted lost.
 */
class KafkaAuditTransportSecurityTest {
  private static final String ORG = "org_aaaaaaaaaaaa";
  private static final String PASSWORD = "audit-\"pass\\word";
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().sasl("SCRAM-SHA-512", "broker", PASSWORD).tls().build().start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void withTheCredentialsEventsReachTheTopic() throws Exception {
    String topic = "secured-" + System.nanoTime();
    kafka.createTopic(topic, 1);
    AtomicInteger lost = new AtomicInteger();
    try (KafkaAuditTransport transport = transport(kafka.clientSecurity(), topic)) {
      for (int i = 0; i < 10; i++) {
        transport.send(event(i), counting(lost));
      }
      transport.flush(counting(lost));
    }
    List<ConsumerRecord<String, String>> records =
        KafkaClients.readAll(kafka, topic, 1, Duration.ofSeconds(30));
    int events = 0;
    for (ConsumerRecord<String, String> r : records) {
      assertThat(r.key()).isEqualTo(ORG);
      events += AuditCodec.lines(r.value().getBytes(StandardCharsets.UTF_8)).size();
    }
    assertThat(events).isEqualTo(10);
    assertThat(lost).hasValue(0);
  }

  @Test
  void aWrongPasswordIsRefusedAtOnceAndNothingIsLost() throws Exception {
    Map<String, String> wrong = new HashMap<>(kafka.clientSecurity());
    wrong.put("sasl.password", "not-the-password");
    assertRefused(wrong, SaslAuthenticationException.class);
  }

  @Test
  void aClientWithoutSaslGetsNoAnswerAndGivesUpWithinItsBound() throws Exception {
    Map<String, String> noSasl = new HashMap<>(kafka.clientSecurity());
    noSasl.keySet().removeIf(k -> k.startsWith("sasl."));
    noSasl.put("security.protocol", "SSL");
    assertRefused(noSasl, TimeoutException.class);
  }

  private static void assertRefused(Map<String, String> security, Class<?> expected)
      throws Exception {
    AtomicInteger lost = new AtomicInteger();
    long started = System.nanoTime();
    try (KafkaAuditTransport transport = transport(security, "aviary.audit.v1")) {
      transport.send(event(0), counting(lost));
      assertThatThrownBy(() -> transport.flush(counting(lost)))
          .isInstanceOf(expected)
          .message()
          .doesNotContain(PASSWORD);
      assertThat(transport.packed()).isEqualTo(1); // kept: the shipper tries again
    }
    // max.block.ms is 1 s: a refusal, not a hang.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(lost).hasValue(0);
  }

  private static KafkaAuditTransport transport(Map<String, String> security, String topic) {
    return new KafkaAuditTransport(
        KafkaAuditTransport.producerSettings(
            kafka.securedBootstrapServers(),
            KafkaClientSecurity.from(security),
            "test",
            64 * 1024,
            Duration.ofMinutes(2),
            "lz4",
            Duration.ofMillis(5),
            16384),
        topic,
        2048,
        true);
  }

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

  private static AuditRecord event(int i) {
    return new AuditRecord.ClientDisconnected(
        EventIds.next(),
        ORG,
        "node-1",
        Instant.now(),
        "c" + i,
        AuditRecord.ClientDisconnected.Kind.CLEAN,
        "bye",
        1);
  }
}
