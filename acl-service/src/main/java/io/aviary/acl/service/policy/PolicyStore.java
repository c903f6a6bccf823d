package io.aviary.acl.service.policy;

import io.aviary.acl.service.metrics.AclMetrics;
import io.aviary.audit.event.AuditRecord.PolicyActivated;
import io.aviary.service.audit.Actor;
import io.aviary.service.audit.AuditOutbox;
import io.aviary.service.auth.Caller;
import io.aviary.service.change.ChangeLog;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Versioned policy storage. Versions are immutable and numbered 1, 2, ... per organization; one of
 * them (or 0, the built-in Blank) is active. Activating writes the {@value #ACTIVATED} change-feed
 * entry and a {@code policy_activated} audit event in the same transaction, so brokers refetch and
 * the audit trail records exactly when the change commits.
 */
@ApplicationScoped
public class PolicyStore {

  /** The change-feed kind of an activation: brokers refetch the organization's policy. */
  public static final String ACTIVATED = "acl_activated";

  private final ChangeLog changes;
  private final AuditOutbox audit;
  private final AclMetrics metrics;

  public PolicyStore(ChangeLog changes, AuditOutbox audit, AclMetrics metrics) {
    this.changes = changes;
    this.audit = audit;
    this.metrics = metrics;
  }

  /** What a write produced. */
  public record Stored(int version, boolean active) {}

  /** One entry of the version list. */
  public record Listed(
      int version, Instant createdAt, String createdBy, int ruleCount, String comment) {}

  /** The active version number and the newest versions, newest first. */
  public record Listing(int activeVersion, List<Listed> versions) {}

  /** The active policy; Blank (version 0) when the organization never activated one. */
  @Transactional
  public StoredPolicy active(String orgId) {
    int version = OrgPolicy.of(orgId).map(o -> o.activeVersion).orElse(0);
    return version(orgId, version).orElseThrow();
  }

  /** A version by number; 0 is Blank. */
  @Transactional
  public Optional<StoredPolicy> version(String orgId, int version) {
    if (version == 0) {
      return Optional.of(StoredPolicy.blank(orgId));
    }
    return PolicyVersion.of(orgId, version)
        .map(v -> new StoredPolicy(orgId, v.version, v.document));
  }

  /**
   * Stores a validated document as the next version and, when {@code activate}, activates it.
   *
   * @param by who stores it: its subject is kept as {@code created_by}, the audit event names it
   * @param comment a note for the version, or null
   * @param ifMatch the version the writer read, or null to write unconditionally
   */
  @Transactional
  public Stored store(
      String orgId,
      String document,
      int ruleCount,
      Caller by,
      String comment,
      boolean activate,
      IfMatch ifMatch) {
    OrgPolicy org = OrgPolicy.lock(orgId);
    check(org, ifMatch);
    PolicyVersion v = new PolicyVersion();
    v.orgId = orgId;
    v.version = org.latestVersion + 1;
    v.document = document;
    v.ruleCount = ruleCount;
    v.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    v.createdBy = by.subject();
    v.comment = comment;
    v.persist();
    org.latestVersion = v.version;
    metrics.stored();
    if (activate) {
      activate(org, v.version, by);
    }
    return new Stored(v.version, activate);
  }

  /**
   * Activates a stored version (rolling back is activating an older one) or 0 (Blank). Activating
   * the active version changes nothing.
   *
   * @throws ProblemException 404 for a version that was never stored, 412 when {@code ifMatch} does
   *     not match the active version
   */
  @Transactional
  public int activate(String orgId, int version, Caller by, IfMatch ifMatch) {
    OrgPolicy org = OrgPolicy.lock(orgId);
    check(org, ifMatch);
    if (version < 0 || version > org.latestVersion) {
      throw ProblemException.notFound("Organization " + orgId + " has no ACL version " + version);
    }
    if (org.activeVersion != version) {
      activate(org, version, by);
    }
    return version;
  }

  /** The active version and the newest {@code limit} versions. */
  @Transactional
  public Listing list(String orgId, int limit) {
    int active = OrgPolicy.of(orgId).map(o -> o.activeVersion).orElse(0);
    List<Listed> versions =
        PolicyVersion.newest(orgId, limit).stream()
            .map(v -> new Listed(v.version, v.createdAt, v.createdBy, v.ruleCount, v.comment))
            .toList();
    return new Listing(active, versions);
  }

  private void activate(OrgPolicy org, int version, Caller by) {
    org.activeVersion = version;
    org.activatedAt = Instant.now();
    org.activatedBy = by.subject();
    changes.append(org.orgId, ACTIVATED);
    String orgId = org.orgId;
    String actor = Actor.of(by);
    audit.record(
        s -> new PolicyActivated(s.eventId(), orgId, s.nodeId(), s.time(), actor, version));
    metrics.activated();
  }

  private static void check(OrgPolicy org, IfMatch ifMatch) {
    if (ifMatch != null && !ifMatch.matches(org.activeVersion)) {
      throw new ProblemException(
          ProblemCode.PRECONDITION_FAILED,
          "The active ACL version is "
              + org.activeVersion
              + ", not the one in If-Match; fetch it, reapply your change and retry.");
    }
  }
}
