package io.aviary.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, in process) on a free 127.0.0.1 port, one per application, with the
 * audit topic and its dead-letter topic created; the services' {@code @QuarkusTest}s use it through
 * this module's test jar.
 *
 * <p>Init args: {@code audit-topic} (default {@value #DEFAULT_AUDIT_TOPIC}), {@code partitions}
 * (default 3), and {@code security}: {@code SASL_SSL}, {@code SASL_PLAINTEXT} or {@code SSL} gives
 * the broker a secured listener (SASL with {@code mechanism}, default SCRAM-SHA-512, user {@value
 * #SASL_USERNAME} and password {@value #SASL_PASSWORD}), and the application that listener's
 * address as {@code kafka.bootstrap.servers} with its client settings as {@code kafka.*} keys
 * ({@link EmbeddedKafka#clientSecurity()}), as an operator would give them ({@code client-password}
 * gives the application another password, to see it refused). Tests can take the broker itself with
 * an {@link InjectKafka} field; its PLAINTEXT listener stays open for them.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

  /** The configuration key under which the audit topic's name is returned. */
  public static final String AUDIT_TOPIC_PROPERTY = "aviary.audit.topic";

  /** audit-events' {@code AuditTopics.EVENTS}; its dead-letter topic adds {@code .dlq}. */
  public static final String DEFAULT_AUDIT_TOPIC = "aviary.audit.v1";

  /** The SASL user of a secured broker. */
  public static final String SASL_USERNAME = "aviary-test";

  /** The SASL password of a secured broker; tests check that it appears in no log. */
  public static final String SASL_PASSWORD = "test-\"kafka\"-password\\0123456789";

  private String auditTopic = DEFAULT_AUDIT_TOPIC;
  private int partitions = 3;
  private String security;
  private String mechanism;
  private String clientPassword;
  private EmbeddedKafka kafka;

  @Override
  public void init(Map<String, String> initArgs) {
    auditTopic = initArgs.getOrDefault("audit-topic", DEFAULT_AUDIT_TOPIC);
    partitions = Integer.parseInt(initArgs.getOrDefault("partitions", "3"));
    security = initArgs.get("security");
    mechanism = initArgs.getOrDefault("mechanism", "SCRAM-SHA-512");
    clientPassword = initArgs.get("client-password");
  }

  @Override
  public Map<String, String> start() {
    EmbeddedKafka.Builder builder = EmbeddedKafka.builder().partitions(partitions);
    if (security != null) {
      switch (security) {
        case "SASL_SSL" -> builder.sasl(mechanism, SASL_USERNAME, SASL_PASSWORD).tls();
        case "SASL_PLAINTEXT" -> builder.sasl(mechanism, SASL_USERNAME, SASL_PASSWORD);
        case "SSL" -> builder.tls();
        default -> throw new IllegalArgumentException("Unknown security " + security);
      }
    }
    kafka = builder.build().start();
    kafka.createTopic(auditTopic);
    kafka.createTopic(auditTopic + ".dlq");
    Map<String, String> config = new HashMap<>();
    config.put(AUDIT_TOPIC_PROPERTY, auditTopic);
    // Dev Services would try to start a Kafka container, which needs Docker.
    config.put("quarkus.kafka.devservices.enabled", "false");
    if (security == null) {
      config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    } else {
      config.put("kafka.bootstrap.servers", kafka.securedBootstrapServers());
      kafka.clientSecurity().forEach((key, value) -> config.put("kafka." + key, value));
      if (clientPassword != null) {
        config.put("kafka.sasl.password", clientPassword);
      }
    }
    return config;
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
