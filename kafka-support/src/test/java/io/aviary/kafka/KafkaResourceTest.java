package io.aviary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class KafkaResourceTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

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
      // Through the returned address, so that the configuration is what the test proves.
      try (Admin admin = KafkaClients.admin(config.get("kafka.bootstrap.servers"), DEADLINE)) {
        Map<String, TopicDescription> topics =
            admin
                .describeTopics(List.of("audit-under-test", "audit-under-test.dlq"))
                .allTopicNames()
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(topics.get("audit-under-test").partitions()).hasSize(3);
        assertThat(topics.get("audit-under-test.dlq").partitions()).hasSize(3);
      }
    } finally {
      resource.stop();
    }
  }
}
