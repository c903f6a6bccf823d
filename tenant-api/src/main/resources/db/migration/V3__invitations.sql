-- Invitations of new console users: an admin names an email address and a role; whoever holds the
-- link chooses a password and becomes that member. Only the SHA-256 of the link's token is kept.
create table invitation (
    id              text        primary key,                      -- inv_ + 12 base32
    org_id          text        not null references organization (id) on delete cascade,
    email           text        not null,                         -- lower-cased
    role            text        not null check (role in ('admin', 'member')),
    token_hash      bytea       not null unique,                  -- SHA-256 of the token
    created_by      text        not null,                         -- the inviter, as audit names actors
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null
);
-- One open invitation per address and organization: inviting again replaces it.
create unique index invitation_org_email on invitation (org_id, email);
