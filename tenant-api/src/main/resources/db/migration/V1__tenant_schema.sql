-- Aviary tenant API schema. Every table is keyed by organization; ids are prefixed random base32.

create table organization (
    id                      text        primary key,              -- org_ + 12 base32
    name                    text        not null,
    mountpoint              text        not null unique,          -- '<id>/'
    status                  text        not null default 'active' check (status in ('active', 'suspended')),
    -- bumped with every change that brokers see (the same transaction writes change_event)
    version                 bigint      not null default 1,
    max_connections         integer     not null check (max_connections > 0),
    max_messages_per_second integer     not null check (max_messages_per_second > 0),
    max_subscriptions       integer     not null check (max_subscriptions > 0),
    created_at              timestamptz not null default now()
);

create table console_user (
    id              text        primary key,                      -- usr_ + 12 base32
    org_id          text        not null references organization (id) on delete cascade,
    email           text        not null unique,                  -- lower-cased
    password_hash   text        not null,                         -- Argon2id, PHC format
    role            text        not null check (role in ('admin', 'member')),
    created_at      timestamptz not null default now(),
    last_login_at   timestamptz
);
create index console_user_org on console_user (org_id);

create table api_key (
    id              text        primary key,                      -- the 8 base32 chars after avk_
    org_id          text        not null references organization (id) on delete cascade,
    name            text        not null,
    role            text        not null check (role in ('admin', 'member')),
    key_hash        bytea       not null,                         -- SHA-256 of the whole key
    created_by      text,
    created_at      timestamptz not null default now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz
);
create index api_key_org on api_key (org_id);

create table service_account (
    id              text        primary key,                      -- sa_ + 12 base32
    org_id          text        not null references organization (id) on delete cascade,
    name            text        not null,
    description     text,
    created_at      timestamptz not null default now(),
    unique (org_id, name)
);

create table idp_connection (
    id                  text        primary key,                  -- idp_ + 12 base32
    org_id              text        not null references organization (id) on delete cascade,
    name                text        not null,
    preset              text        not null,
    issuers             jsonb       not null,
    audiences           jsonb       not null,
    algorithms          jsonb       not null,
    discovery_url       text,
    jwks_url            text,
    hs256_secret        bytea,                                    -- only for HS256 connections
    claim_mappings      jsonb       not null,
    required_claims     jsonb       not null,
    authorized_parties  jsonb       not null,
    accepted_types      jsonb       not null,
    clock_skew_seconds  integer     not null check (clock_skew_seconds between 0 and 300),
    enabled             boolean     not null,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (org_id, name)
);

create table org_ca (
    org_id          text        primary key references organization (id) on delete cascade,
    pem             text        not null,                         -- normalised CERTIFICATE blocks
    updated_at      timestamptz not null default now()
);

create table cert_revocation (
    org_id          text        not null references organization (id) on delete cascade,
    serial          text        not null,                         -- lower-case hex, no leading zeros
    issuer          text,
    reason          text        not null,
    revoked_at      timestamptz not null default now(),
    primary key (org_id, serial)
);

-- The platform's token signing keys. The newest active key signs; every key not retired is
-- published in the JWKS so tokens signed before a rotation stay verifiable.
create table platform_signing_key (
    kid             text        primary key,                      -- RFC 7638 thumbprint
    algorithm       text        not null,
    private_key     bytea       not null,                         -- PKCS#8 DER
    public_key      bytea       not null,                         -- X.509 SubjectPublicKeyInfo DER
    created_at      timestamptz not null default now(),
    retired_at      timestamptz
);

create table platform_setting (
    name            text        primary key,
    value           text        not null
);

-- The change feed (transactional outbox). Rows are written in the transaction of the change they
-- describe, under an advisory lock so that seq order is commit order; NOTIFY only wakes readers.
create table change_event (
    seq             bigserial   primary key,
    org_id          text        not null,
    kind            text        not null,
    created_at      timestamptz not null default now()
);
