package io.aviary.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.audit.event.AuditRecord.MemberAdded;
import io.aviary.kafka.KafkaResource;
import io.aviary.service.testing.AuditTopicReader;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit outbox's producer on Kafka's SASL_SSL listener (SCRAM-SHA-256, TLS with a CA of its
 * own), configured as an operator configures it: {@code kafka.security.protocol}, {@code
 * kafka.sasl.mechanism}, {@code kafka.sasl.username}, {@code kafka.sasl.password} and {@code
 * kafka.ssl.truststore.*}. The events arrive; the password is in no log line.
 */
@QuarkusTest
@TestProfile(SecuredKafkaAuditTest.SaslSsl.class)
@WithTestResource(PostgresResource.class)
class SecuredKafkaAuditTest {

  static final Path LOG =
      Path.of("target/secured-kafka-audit-test-" + ProcessHandle.current().pid() + ".log");

  /** Kafka with a SASL_SSL listener; the log also goes to a file the test reads. */
  public static class SaslSsl implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TestApi.logTo(LOG);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(
              KafkaResource.class, Map.of("security", "SASL_SSL", "mechanism", "SCRAM-SHA-256")));
    }
  }

  @Test
  void eventsReachTheTopicWithTheCredentialsAndThePasswordIsNeverLogged() throws IOException {
    TestApi.Org org = TestApi.signup();
    try (AuditTopicReader topic = AuditTopicReader.open()) {
      AuditTopicReader.Received added =
          topic.await(
              r -> org.orgId().equals(r.record().orgId()) && r.record() instanceof MemberAdded,
              Duration.ofSeconds(30));
      assertThat(((MemberAdded) added.record()).memberEmail()).isEqualTo(org.email());
    }
    String log = Files.readString(LOG);
    assertThat(log)
        .contains(
            "SASL_SSL, sasl.mechanism=SCRAM-SHA-256, sasl.password (set), sasl.username="
                + KafkaResource.SASL_USERNAME)
        .doesNotContain(KafkaResource.SASL_PASSWORD);
  }
}
