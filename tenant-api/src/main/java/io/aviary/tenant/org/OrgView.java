package io.aviary.tenant.org;

import java.time.Instant;

/**
 * An organization as its members see it.
 *
 * @param orgId the id, also the tenant part of MQTT usernames ({@code anything@<org_id>})
 * @param name display name
 * @param mountpoint the prefix brokers put before every topic of this organization
 * @param status {@code active} or {@code suspended}
 * @param endpoints where clients connect
 * @param quotas the organization's limits
 * @param audit the organization's audit settings
 * @param createdAt creation time
 */
public record OrgView(
    String orgId,
    String name,
    String mountpoint,
    String status,
    Endpoints endpoints,
    Quotas quotas,
    AuditSettings audit,
    Instant createdAt) {

  /**
   * Public MQTT endpoints.
   *
   * @param mqtts MQTT over TLS
   * @param wss MQTT over secure WebSocket
   */
  public record Endpoints(String mqtts, String wss) {}
}
