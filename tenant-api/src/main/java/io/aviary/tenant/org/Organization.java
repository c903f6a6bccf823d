package io.aviary.tenant.org;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An organization (tenant): its mountpoint, status, quotas and audit settings. */
@Entity
@Table(name = "organization")
public class Organization extends PanacheEntityBase {

  /** Status of an organization that may connect. */
  public static final String ACTIVE = "active";

  @Id public String id;
  public String name;
  public String mountpoint;
  public String status;

  /** Bumped only by {@code ConfigChanges} in SQL; never written from the entity. */
  @Column(insertable = false, updatable = false)
  public long version;

  public int maxConnections;
  public int maxMessagesPerSecond;
  public int maxSubscriptions;
  public int auditRetentionDays;
  public String auditAllowedPublishes;
  public double auditSampleRate;
  public Instant createdAt;

  public Quotas quotas() {
    return new Quotas(maxConnections, maxMessagesPerSecond, maxSubscriptions);
  }

  public AuditSettings auditSettings() {
    return new AuditSettings(auditAllowedPublishes, auditSampleRate, auditRetentionDays);
  }
}
