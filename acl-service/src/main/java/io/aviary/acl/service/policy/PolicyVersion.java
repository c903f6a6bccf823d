package io.aviary.acl.service.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One stored policy version: immutable, the document exactly as it was sent. */
@Entity
@Table(name = "acl_policy_version")
public class PolicyVersion extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String orgId;

  public int version;

  @Column(columnDefinition = "text")
  public String document;

  public int ruleCount;

  public Instant createdAt;

  public String createdBy;

  /** A note from whoever stored it, or null. */
  public String comment;

  public static Optional<PolicyVersion> of(String orgId, int version) {
    return find("orgId = ?1 and version = ?2", orgId, version).firstResultOptional();
  }

  /** The newest {@code limit} versions, newest first. */
  public static List<PolicyVersion> newest(String orgId, int limit) {
    return find("orgId", Sort.descending("version"), orgId).page(Page.ofSize(limit)).list();
  }
}
