package io.aviary.tenant.internal;

import java.util.List;

/**
 * How long the audit store keeps each organization's events, for the audit pipeline.
 *
 * @param defaultRetentionDays retention of events whose organization is not listed (no
 *     organization, or one created since the list was fetched)
 * @param orgs every organization's retention
 */
public record AuditRetention(int defaultRetentionDays, List<OrgRetention> orgs) {

  /**
   * One organization's retention.
   *
   * @param orgId the organization
   * @param retentionDays days its events are kept
   */
  public record OrgRetention(String orgId, int retentionDays) {}
}
