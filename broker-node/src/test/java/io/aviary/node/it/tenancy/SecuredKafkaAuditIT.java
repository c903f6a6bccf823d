package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.kafka.KafkaResource;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker's audit stream to Kafka's SASL_SSL listener (SCRAM-SHA-512, a CA of its own), set up
 * the way an operator sets it up: {@code kafka.security.protocol}, {@code kafka.sasl.*} and {@code
 * kafka.ssl.truststore.*} beside the bootstrap servers. Events arrive, and the password is in no
 * log line.
 */
@QuarkusTest
@TestProfile(SecuredKafkaAuditIT.SecuredKafka.class)
class SecuredKafkaAuditIT {
  private static final Path LOG =
      Path.of("target/secured-kafka-audit-it-" + ProcessHandle.current().pid() + ".log");

  /** {@link AuditProfile} with Kafka's secured listener, logging to a file the test reads. */
  public static final class SecuredKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(new AuditProfile().getConfigOverrides());
      config.put("quarkus.log.file.enabled", "true");
      config.put("quarkus.log.file.path", LOG.toString());
      return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(KafkaResource.class, Map.of("security", "SASL_SSL")),
          new TestResourceEntry(PlatformIssuer.class));
    }
  }

  @Inject Listeners listeners;
  @InjectKafka EmbeddedKafka kafka;

  @Test
  void eventsReachTheTopicWithTheOperatorsCredentialsAndThePasswordIsNeverLogged()
      throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    AuditStream stream = new AuditStream(kafka);
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("sasl-device")
            .serverHost("127.0.0.1")
            .serverPort(new TestBroker(listeners).mqttPort())
            .simpleAuth()
            .username(org.username("sasl"))
            .password(org.token("sasl").getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    try {
      ClientConnected connected =
          stream.await(ClientConnected.class, e -> e.clientId().equals("sasl-device"));
      assertThat(connected.orgId()).isEqualTo(org.org().value());
    } finally {
      client.disconnect();
    }

    String log = Files.readString(LOG);
    assertThat(log)
        .contains(
            "audit events go to Kafka topic aviary.audit.v1 at " + kafka.securedBootstrapServers())
        .contains("SASL_SSL, sasl.mechanism=SCRAM-SHA-512, sasl.password (set)")
        .contains("sasl.username=" + KafkaResource.SASL_USERNAME)
        .doesNotContain(KafkaResource.SASL_PASSWORD)
        .doesNotContain("password=\"");
  }
}
