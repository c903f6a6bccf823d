package io.aviary.service.audit;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.EventIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records tenant-side audit events in the {@code audit_outbox} table, in the caller's transaction:
 * an event exists exactly when the change it describes committed. {@link AuditOutboxPublisher}
 * ships the rows to Kafka afterwards. When shipping is off ({@link AuditShipping#enabled()}),
 * recording does nothing.
 */
@ApplicationScoped
public class AuditOutbox {

  private static final Object WAKE_KEY = new Object();

  private final EntityManager em;
  private final AuditShipping shipping;
  private final AuditOutboxPublisher publisher;
  private final TransactionSynchronizationRegistry transactions;
  private final AuditCodec codec = new AuditCodec();

  public AuditOutbox(
      EntityManager em,
      AuditShipping shipping,
      AuditOutboxPublisher publisher,
      TransactionSynchronizationRegistry transactions) {
    this.em = em;
    this.shipping = shipping;
    this.publisher = publisher;
    this.transactions = transactions;
  }

  /**
   * What every event needs from its emitter: a fresh id, this instance's node id and the time.
   *
   * @param eventId a UUIDv7 from {@link EventIds}
   * @param nodeId {@code aviary.node-id}, by default the host name
   * @param time now
   */
  public record Stamp(UUID eventId, String nodeId, Instant time) {}

  /**
   * Records the event {@code event} builds from a fresh {@link Stamp}; {@code event} is not called
   * when shipping is off.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(Function<Stamp, ? extends AuditRecord> event) {
    if (shipping.enabled()) {
      insert(event.apply(new Stamp(EventIds.next(), shipping.nodeId(), Instant.now())));
    }
  }

  /** Records {@code record} in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(AuditRecord record) {
    if (shipping.enabled()) {
      insert(record);
    }
  }

  private void insert(AuditRecord record) {
    em.createNativeQuery("insert into audit_outbox (event_id, org_id, payload) values (?1, ?2, ?3)")
        .setParameter(1, record.eventId())
        .setParameter(2, record.orgId() == null ? "" : record.orgId())
        .setParameter(3, codec.write(record))
        .executeUpdate();
    // Ship right after the commit instead of at the next poll; once per transaction.
    if (transactions.getResource(WAKE_KEY) == null) {
      transactions.putResource(WAKE_KEY, Boolean.TRUE);
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                publisher.wake();
              }
            }
          });
    }
  }
}
