/**
 * Tenant-side audit events (who changed an IdP, an API key, a member, a policy), shipped to the
 * audit topic through a transactional outbox.
 *
 * <p>A service calls {@link io.aviary.service.audit.AuditOutbox#record} inside the transaction that
 * makes the change, so the event exists exactly when the change committed; {@link
 * io.aviary.service.audit.AuditOutboxPublisher} sends the rows to Kafka (keyed by organization,
 * idempotent, {@code acks=all}) and deletes them once acknowledged. With {@code
 * kafka.bootstrap.servers} unset or {@code aviary.audit.enabled=false} nothing is recorded and no
 * publisher runs. Events never carry secrets: the records of audit-events have no field for them.
 *
 * <p>DDL contract: each service owns this table in its own database, created by its own Flyway
 * migration, exactly as follows:
 *
 * <pre>{@code
 * create table audit_outbox (
 *     event_id   uuid        primary key,   -- UUIDv7: sending in id order is sending in time order
 *     org_id     text        not null,      -- the Kafka key
 *     payload    bytea       not null,      -- AuditCodec.write(record), sent as is
 *     created_at timestamptz not null default now()
 * );
 * }</pre>
 *
 * <p>Configuration ({@link io.aviary.service.audit.AuditOutboxConfig}): {@code
 * kafka.bootstrap.servers}, {@code aviary.audit.enabled}, {@code aviary.audit.topic}, {@code
 * aviary.node-id}, {@code aviary.audit.outbox.batch-size}, {@code
 * aviary.audit.outbox.poll-interval}, {@code aviary.audit.outbox.send-timeout}. The service needs
 * the Micrometer extension for the {@code aviary_audit_outbox_*} metrics.
 */
package io.aviary.service.audit;
