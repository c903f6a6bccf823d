package io.aviary.node.it.tenancy;

import io.aviary.kafka.KafkaResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TenancyProfile} with the audit stream going to a real Kafka (in process, KRaft), buffers
 * small enough that a test fills them, and the sessions API checking tokens of {@link
 * PlatformIssuer} (served as a JWK Set over HTTP).
 */
public final class AuditProfile implements QuarkusTestProfile {
  /** Events the broker holds while Kafka is down. */
  static final int BUFFER_EVENTS = 200;

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(new TenancyProfile().getConfigOverrides());
    config.put("aviary.audit.kafka-bootstrap-servers", "${kafka.bootstrap.servers}");
    config.put("aviary.audit.buffer-events", String.valueOf(BUFFER_EVENTS));
    config.put("aviary.audit.producer-buffer-bytes", "32768");
    config.put("aviary.node-id", "node-audit-it");
    return config;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(KafkaResource.class), new TestResourceEntry(PlatformIssuer.class));
  }
}
