package io.aviary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The secured listener: a client with the right credentials (and, over TLS, trusting the broker's
 * CA) produces; a wrong password, a client without SASL, and a client that does not trust the
 * certificate are refused within their bounds, never left waiting.
 */
class SecuredEmbeddedKafkaTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  // Quotes and backslashes survive both JAAS configurations, the broker's and the client's.
  private static final String PASSWORD = "s3cr\"et\\pass";

  @ParameterizedTest
  @CsvSource({"PLAIN, false", "SCRAM-SHA-512, false", "SCRAM-SHA-256, true", "PLAIN, true"})
  void onlyTheRightCredentialsProduce(String mechanism, boolean tls) throws Exception {
    EmbeddedKafka.Builder builder = EmbeddedKafka.builder().sasl(mechanism, "audit", PASSWORD);
    if (tls) {
      builder.tls();
    }
    try (EmbeddedKafka kafka = builder.build().start()) {
      assertThat(kafka.securityProtocol()).isEqualTo(tls ? "SASL_SSL" : "SASL_PLAINTEXT");
      assertThat(kafka.securedBootstrapServers())
          .startsWith("127.0.0.1:")
          .isNotEqualTo(kafka.bootstrapServers());
      kafka.createTopic("secured", 1);
      String secured = kafka.securedBootstrapServers();

      try (KafkaProducer<String, String> producer =
          KafkaClients.producer(secured, kafka.clientSecurity(), DEADLINE)) {
        producer
            .send(new ProducerRecord<>("secured", "k", "with credentials"))
            .get(30, TimeUnit.SECONDS);
      }
      List<ConsumerRecord<String, String>> records =
          KafkaClients.readAll(kafka, "secured", 1, DEADLINE);
      assertThat(records).extracting(ConsumerRecord::value).containsExactly("with credentials");

      Map<String, String> wrongPassword = new HashMap<>(kafka.clientSecurity());
      wrongPassword.put("sasl.password", "not-" + PASSWORD);
      assertRefused(secured, wrongPassword, SaslAuthenticationException.class);

      // No SASL at all: the listener never answers such a client's requests.
      Map<String, String> noSasl = new HashMap<>(kafka.clientSecurity());
      noSasl.keySet().removeIf(k -> k.startsWith("sasl."));
      noSasl.put("security.protocol", tls ? "SSL" : "PLAINTEXT");
      assertRefused(secured, noSasl, TimeoutException.class);
    }
  }

  @ParameterizedTest
  @CsvSource({"SCRAM-SHA-512"})
  void overTlsTheBrokerCertificateMustBeTrusted(String mechanism) throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.builder().sasl(mechanism, "audit", PASSWORD).tls().build().start()) {
      Map<String, String> untrusting = new HashMap<>(kafka.clientSecurity());
      untrusting.remove("ssl.truststore.type");
      untrusting.remove("ssl.truststore.location"); // the JDK's CAs, which do not know this one
      assertRefused(kafka.securedBootstrapServers(), untrusting, SslAuthenticationException.class);
    }
  }

  private static void assertRefused(
      String bootstrap, Map<String, String> security, Class<? extends Exception> expected) {
    long started = System.nanoTime();
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(bootstrap, security, Duration.ofSeconds(3))) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>("secured", "k", "refused"))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(expected)
          .message()
          .doesNotContain(PASSWORD);
    }
    // Within the producer's max.block.ms (3 s here) and a margin: an answer, not a hang.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }
}
