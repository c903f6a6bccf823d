-- ACL v2 policies of organizations. Organizations live in tenant-api; here an org id is a key only.

-- One row per organization that ever stored a policy; locked (select ... for update) by every
-- write, so version numbers are monotonic per organization and If-Match checks are race-free.
create table acl_org_policy (
    org_id          text        primary key,
    latest_version  integer     not null default 0 check (latest_version >= 0),
    -- 0: the built-in Blank (deny-all) policy
    active_version  integer     not null default 0 check (active_version >= 0 and active_version <= latest_version),
    activated_at    timestamptz,
    activated_by    text
);

-- Every stored version, immutable: the document exactly as it was sent (valid when stored).
create table acl_policy_version (
    id              bigserial   primary key,
    org_id          text        not null references acl_org_policy (org_id) on delete cascade,
    version         integer     not null check (version > 0),
    document        text        not null,
    rule_count      integer     not null,
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    unique (org_id, version)
);

-- The change feed (transactional outbox), service-common's contract: written in the transaction
-- of the activation it describes; NOTIFY only wakes readers.
create table change_event (
    seq             bigserial   primary key,
    org_id          text        not null,
    kind            text        not null,
    created_at      timestamptz not null default now()
);
