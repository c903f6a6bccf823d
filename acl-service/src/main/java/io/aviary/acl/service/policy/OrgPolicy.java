package io.aviary.acl.service.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** An organization's policy pointer: its newest stored version and the active one (0: Blank). */
@Entity
@Table(name = "acl_org_policy")
public class OrgPolicy extends PanacheEntityBase {

  @Id public String orgId;

  public int latestVersion;

  public int activeVersion;

  public Instant activatedAt;

  public String activatedBy;

  /** The organization's row, or empty when it never stored a policy. */
  public static Optional<OrgPolicy> of(String orgId) {
    return findByIdOptional(orgId);
  }

  /**
   * The organization's row, created when missing, locked until the transaction ends: every write
   * goes through here, so versions are drawn and If-Match is checked one writer at a time.
   */
  static OrgPolicy lock(String orgId) {
    getEntityManager()
        .createNativeQuery("insert into acl_org_policy (org_id) values (?1) on conflict do nothing")
        .setParameter(1, orgId)
        .executeUpdate();
    return findById(orgId, LockModeType.PESSIMISTIC_WRITE);
  }
}
