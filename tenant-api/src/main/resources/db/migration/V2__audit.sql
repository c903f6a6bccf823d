-- Per-organization audit settings: how brokers record allowed publishes (audit-events'
-- VerdictRecording) and how long the audit pipeline keeps the organization's events.
alter table organization
    add column audit_retention_days    integer          not null default 30
        check (audit_retention_days between 1 and 3650),
    add column audit_allowed_publishes text             not null default 'sampled'
        check (audit_allowed_publishes in ('all', 'sampled', 'none')),
    add column audit_sample_rate       double precision not null default 0.01
        check (audit_sample_rate >= 0 and audit_sample_rate <= 1);

-- Tenant-side audit events (service-common's audit outbox contract): written in the transaction of
-- the change they describe, deleted once Kafka acknowledged them.
create table audit_outbox (
    event_id        uuid        primary key,                      -- UUIDv7, time-ordered
    org_id          text        not null,                         -- the Kafka key
    payload         bytea       not null,                         -- the event's JSON, as sent
    created_at      timestamptz not null default now()
);
