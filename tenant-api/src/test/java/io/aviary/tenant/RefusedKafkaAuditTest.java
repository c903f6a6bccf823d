package io.aviary.tenant;

import static io.aviary.tenant.TestApi.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.kafka.KafkaResource;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit outbox with a password Kafka's SASL_PLAINTEXT listener (PLAIN) refuses: the change is
 * made, its event waits in the outbox, each round is counted as a failure and the log says why,
 * without the password; the start-up log warns that SASL_PLAINTEXT sends the password in clear.
 */
@QuarkusTest
@TestProfile(RefusedKafkaAuditTest.WrongPassword.class)
@WithTestResource(PostgresResource.class)
class RefusedKafkaAuditTest {

  static final Path LOG =
      Path.of("target/refused-kafka-audit-test-" + ProcessHandle.current().pid() + ".log");
  static final String WRONG = "not-the-kafka-password";

  /** Kafka with a SASL_PLAINTEXT listener and the application given another password. */
  public static class WrongPassword implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TestApi.logTo(LOG);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(
              KafkaResource.class,
              Map.of(
                  "security", "SASL_PLAINTEXT", "mechanism", "PLAIN", "client-password", WRONG)));
    }
  }

  @Test
  void eventsWaitInTheOutboxAndEachRefusalIsCountedAndLogged() throws Exception {
    double failuresBefore = metric("aviary_audit_outbox_failures_total");
    TestApi.Org org = TestApi.signup();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric("aviary_audit_outbox_failures_total") > failuresBefore);
    assertThat(Sql.outboxRows(org.orgId())).isEqualTo(1);
    assertThat(metric("aviary_audit_outbox_pending")).isGreaterThanOrEqualTo(1);
    assertThat(metric("aviary_audit_outbox_published_total")).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Files.readString(LOG).contains("SaslAuthenticationException")
                    || Files.readString(LOG).contains("Authentication failed"));
    String log = Files.readString(LOG);
    assertThat(log)
        .contains("Kafka connections are not encrypted (SASL_PLAINTEXT)")
        .contains("Authentication failed")
        .doesNotContain(WRONG)
        .doesNotContain(KafkaResource.SASL_PASSWORD);
  }
}
