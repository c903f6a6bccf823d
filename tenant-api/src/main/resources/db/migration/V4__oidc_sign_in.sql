-- Console sign-in through the platform's OIDC provider (docs/adr/0006-console-oidc-sign-in.md).

-- A member who joined through the provider has no password.
alter table console_user alter column password_hash drop not null;

-- Sign-ins in progress: created when the browser leaves for the provider, deleted when it comes
-- back (once) or by the next sign-in after they expired. Keyed by the state's SHA-256, so that a
-- read of the table gives no state to finish someone else's sign-in with.
create table oidc_sign_in (
    state_hash      text        primary key,                      -- hex SHA-256 of the state
    nonce           text        not null,
    code_verifier   text        not null,                         -- PKCE, sent with the code
    invitation_hash bytea,                                        -- the invitation it accepts, if any
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null
);
create index oidc_sign_in_expires on oidc_sign_in (expires_at);
