package io.aviary.audit.event;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka producer settings every audit producer shares (the broker's shipper, the services'
 * outboxes), as kafka-clients configuration keys; each adds its own batching, buffer and timeouts.
 */
public final class AuditProducerSettings {

  private AuditProducerSettings() {}

  /**
   * Idempotent with {@code acks=all} (a retried batch is written once, and only when every in-sync
   * replica has it), lz4-compressed, and keeping the configured bootstrap servers after the whole
   * cluster was unreachable for a while: the default ({@code rebootstrap}) forgets the cluster and
   * fails sends with "not present in metadata" instead of buffering them. A restarted Kafka comes
   * back at the same address. lz4 runs natively where it can ({@link NativeLz4}).
   */
  public static Map<String, Object> common(String bootstrapServers, String clientId) {
    NativeLz4.load();
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("client.id", clientId);
    p.put("enable.idempotence", true);
    p.put("acks", "all");
    p.put("compression.type", "lz4");
    p.put("reconnect.backoff.max.ms", 1000);
    p.put("metadata.recovery.strategy", "none");
    return p;
  }
}
