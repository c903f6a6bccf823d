/**
 * The broker change feed, shared by every service that brokers follow: a transactional outbox read
 * as server-sent events at {@code GET /internal/v1/changes}.
 *
 * <p>A service records a change with {@link io.aviary.service.change.ChangeLog#append} inside the
 * transaction that makes it; {@link io.aviary.service.change.ChangeHub} holds one {@code LISTEN}
 * connection and sends every row after each subscriber's cursor in {@code seq} order (the shared
 * machinery of {@link io.aviary.service.feed}). The table is the truth; NOTIFY only wakes.
 *
 * <p>DDL contract: each service owns this table in its own database, created by its own Flyway
 * migration, exactly as follows (extra indexes are fine; the columns, types and names are not
 * negotiable):
 *
 * <pre>{@code
 * create table change_event (
 *     seq        bigserial   primary key,
 *     org_id     text        not null,
 *     kind       text        not null,
 *     created_at timestamptz not null default now()
 * );
 * }</pre>
 *
 * <p>The NOTIFY channel is {@value io.aviary.service.change.ChangeLog#CHANNEL} in the service's
 * database. Kinds are lower-case snake_case strings each service documents ({@code idp_changed},
 * {@code acl_activated}, ...). The service needs the Hibernate ORM, Agroal and PostgreSQL JDBC
 * extensions (this module brings them) and reads {@code quarkus.datasource.jdbc.url}, {@code
 * quarkus.datasource.username} and {@code quarkus.datasource.password} for the LISTEN connection.
 */
package io.aviary.service.change;
