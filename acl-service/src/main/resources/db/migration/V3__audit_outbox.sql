-- policy_activated audit events (service-common's audit outbox contract): written in the
-- transaction of the activation, deleted once Kafka acknowledged them.
create table audit_outbox (
    event_id        uuid        primary key,                      -- UUIDv7, time-ordered
    org_id          text        not null,                         -- the Kafka key
    payload         bytea       not null,                         -- the event's JSON, as sent
    created_at      timestamptz not null default now()
);
