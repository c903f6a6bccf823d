-- The audit store. One row per event, keyed by (event_id, time) so that a redelivered event is
-- skipped by ON CONFLICT; range-partitioned by day on time. The service creates the daily
-- partitions (audit_event_pYYYYMMDD) ahead of time and on demand, and drops whole days once they
-- are older than every retention in force; the default partition catches any time outside them, so
-- an odd clock never fails ingest. The text columns are identifiers and codes, compared for
-- equality and by prefix only: collation "C" (byte order) makes each of the six indexes' key
-- comparisons a memcmp instead of a locale-aware strcoll, about a fifth of the insert cost.

-- Ingest order. The default cache of 1 keeps values increasing across sessions, and one
-- organization's events are written by one consumer at a time (Kafka key = org id), so within an
-- organization seq order is commit order: the live tail follows it.
create sequence audit_event_seq;

create table audit_event (
    event_id  uuid        not null,
    -- null only for auth failures that named no organization; never shown to any organization
    org_id    text        collate "C",
    type      text        collate "C" not null,
    time      timestamptz not null,
    node_id   text        collate "C" not null,
    client_id text        collate "C",
    -- the identity: principal, the username of an auth failure, or the actor of a tenant event
    principal text        collate "C",
    -- the topic or filter as the client saw it (no mountpoint)
    topic     text        collate "C",
    action    text        collate "C",
    verdict   text        collate "C",
    reason    text        collate "C",
    seq       bigint      not null default nextval('audit_event_seq'),
    -- the whole event as the v1 schema defines it
    event     jsonb       not null,
    constraint audit_event_pk primary key (event_id, time)
) partition by range (time);

create table audit_event_default partition of audit_event default;

create index audit_event_org_time on audit_event (org_id, time desc, event_id desc);
create index audit_event_org_type_time on audit_event (org_id, type, time desc);
create index audit_event_org_client_time on audit_event (org_id, client_id, time desc);
create index audit_event_org_principal_time on audit_event (org_id, principal, time desc);
create index audit_event_org_topic on audit_event (org_id, topic text_pattern_ops);
create index audit_event_org_seq on audit_event (org_id, seq);

-- service-common's change feed (its DDL contract). The pipeline has no changes for brokers; the
-- table exists because the shared feed endpoint and its listener come with service-common.
create table change_event (
    seq        bigserial   primary key,
    org_id     text        not null,
    kind       text        not null,
    created_at timestamptz not null default now()
);
