package io.aviary.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, in process) on a free 127.0.0.1 port, one per application, with the
 * audit topic and its dead-letter topic created; the services' {@code @QuarkusTest}s use it through
 * this module's test jar.
 *
 * <p>Init args: {@code audit-topic} (default {@value #DEFAULT_AUDIT_TOPIC}) and {@code partitions}
 * (default 3). Tests can take the broker itself with an {@link InjectKafka} field.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

  /** The configuration key under which the audit topic's name is returned. */
  public static final String AUDIT_TOPIC_PROPERTY = "aviary.audit.topic";

  /** audit-events' {@code AuditTopics.EVENTS}; its dead-letter topic adds {@code .dlq}. */
  public static final String DEFAULT_AUDIT_TOPIC = "aviary.audit.v1";

  private String auditTopic = DEFAULT_AUDIT_TOPIC;
  private int partitions = 3;
  private EmbeddedKafka kafka;

  @Override
  public void init(Map<String, String> initArgs) {
    auditTopic = initArgs.getOrDefault("audit-topic", DEFAULT_AUDIT_TOPIC);
    partitions = Integer.parseInt(initArgs.getOrDefault("partitions", "3"));
  }

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.builder().partitions(partitions).build().start();
    kafka.createTopic(auditTopic);
    kafka.createTopic(auditTopic + ".dlq");
    return Map.of(
        "kafka.bootstrap.servers",
        kafka.bootstrapServers(),
        AUDIT_TOPIC_PROPERTY,
        auditTopic,
        // Dev Services would try to start a Kafka container, which needs Docker.
        "quarkus.kafka.devservices.enabled",
        "false");
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        kafka, new TestInjector.AnnotatedAndMatchesType(InjectKafka.class, EmbeddedKafka.class));
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
