package io.aviary.tenant.change;

import io.aviary.service.change.ChangeLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Records a change to an organization's broker configuration: bumps the organization's {@code
 * version} and appends the change-feed entry, both in the caller's transaction, so {@code
 * broker-config}'s version always matches its content.
 */
@ApplicationScoped
public class ConfigChanges {

  private final EntityManager em;
  private final ChangeLog log;

  public ConfigChanges(EntityManager em, ChangeLog log) {
    this.em = em;
    this.log = log;
  }

  /** Bumps the organization's config version and appends a feed entry; returns its seq. */
  @Transactional(Transactional.TxType.MANDATORY)
  public long record(String orgId, ChangeKind kind) {
    em.createNativeQuery("update organization set version = version + 1 where id = ?1")
        .setParameter(1, orgId)
        .executeUpdate();
    return log.append(orgId, kind.code());
  }
}
