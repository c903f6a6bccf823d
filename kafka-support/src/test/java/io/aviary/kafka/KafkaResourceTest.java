package io.aviary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaResourceTest {

  @Test
  void returnsTheBrokerAndAnExistingAuditTopic() throws Exception {
    KafkaResource resource = new KafkaResource();
    resource.init(Map.of("audit-topic", "audit-under-test"));
    try {
      Map<String, String> config = resource.start();
      assertThat(config)
          .containsEntry(KafkaResource.AUDIT_TOPIC_PROPERTY, "audit-under-test")
          .containsEntry("quarkus.kafka.devservices.enabled", "false");
      assertThat(config.get("kafka.bootstrap.servers")).startsWith("127.0.0.1:");
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  config.get("kafka.bootstrap.servers")))) {
        assertThat(
                admin
                    .describeTopics(java.util.List.of("audit-under-test"))
                    .allTopicNames()
                    .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)
                    .get("audit-under-test")
                    .partitions())
            .hasSize(3);
      }
    } finally {
      resource.stop();
    }
  }
}
