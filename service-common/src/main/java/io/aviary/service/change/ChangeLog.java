package io.aviary.service.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Writes the change feed. Every write that brokers must see calls {@link #append} as the last step
 * of its own transaction, so the change and its feed entry commit or roll back together.
 */
@ApplicationScoped
public class ChangeLog {

  /** The NOTIFY channel; the payload is the new seq. */
  public static final String CHANNEL = "aviary_changes";

  // Held until commit: the next writer can only draw a seq after this one committed, so readers
  // that follow seq order never skip a row that commits late.
  private static final long FEED_LOCK = 0x6176_6961_7279_01L;

  private final EntityManager em;

  public ChangeLog(EntityManager em) {
    this.em = em;
  }

  /**
   * Appends a feed entry in the caller's transaction and returns its seq. Pending entity changes
   * are flushed first, so a constraint violation fails the write before a seq is drawn.
   *
   * @param kind what changed, lower-case snake_case
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public long append(String orgId, String kind) {
    em.flush();
    em.createNativeQuery("select 1 from pg_advisory_xact_lock(?1)")
        .setParameter(1, FEED_LOCK)
        .getSingleResult();
    Number seq =
        (Number)
            em.createNativeQuery(
                    "insert into change_event (org_id, kind) values (?1, ?2) returning seq")
                .setParameter(1, orgId)
                .setParameter(2, kind)
                .getSingleResult();
    em.createNativeQuery("select 1 from pg_notify(?1, ?2)")
        .setParameter(1, CHANNEL)
        .setParameter(2, Long.toString(seq.longValue()))
        .getSingleResult();
    return seq.longValue();
  }
}
