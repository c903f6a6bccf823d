import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api, Info, Me } from "../api";
import { Credential, ServiceAccount, tenantApi } from "../api/tenant";
import { CredentialSecret } from "../components/CredentialSecret";
import { Field, FormError } from "../components/Field";
import { messageOf, summary, useSubmit } from "../components/useSubmit";
import { useLoaded } from "../components/useLoaded";
import "./credentials.css";

type Errors = { name?: string; description?: string; form?: string };

/** Credential lifetimes offered; tenant-api's default is an hour and its bound a day. */
const LIFETIMES: [number, string][] = [
  [900, "15 minutes"],
  [3600, "1 hour"],
  [28800, "8 hours"],
  [86400, "24 hours"],
];

// Bean validation's \p{Cntrl}: the server refuses control characters in names and descriptions.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A credential just issued, and the account it is for. */
interface Issued {
  account: ServiceAccount;
  credential: Credential;
}

/**
 * Service accounts: MQTT identities for machines. Create one, issue it short-lived credentials
 * (shown once), delete it.
 */
export function ServiceAccounts(props: { me: Me }) {
  const orgId = props.me.org_id;
  const admin = props.me.role === "admin";
  const { value: accounts, error: loadError, reload: load } = useLoaded(() => tenantApi.serviceAccounts(orgId), orgId);
  const [info, setInfo] = useState<Info | null>(null);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);

  useEffect(() => {
    api.info().then(setInfo, () => setInfo(null));
  }, []);

  const { busy, errors, setErrors, submit } = useSubmit<Errors>(
    async () => {
      const sa = await tenantApi.createServiceAccount(orgId, name.trim(), description.trim() || null);
      setCreated(sa.name);
      setName("");
      setDescription("");
      load();
    },
    (p) => {
      const nameError = p.forField("/name") ?? (p.status === 409 ? p.detail : undefined);
      const descriptionError = p.forField("/description");
      return {
        name: nameError,
        description: descriptionError,
        form: nameError || descriptionError ? undefined : summary(p),
      };
    },
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    setCreated(null);
    const local: Errors = {};
    const n = name.trim();
    if (!n) local.name = "is required";
    else if (n.length > 64) local.name = `must be at most 64 characters (it has ${n.length})`;
    else if (CONTROL.test(n)) local.name = "must not contain control characters";
    else if (accounts?.some((a) => a.name === n)) local.name = `A service account named '${n}' already exists.`;
    const d = description.trim();
    if (d.length > 512) local.description = `must be at most 512 characters (it has ${d.length})`;
    else if (CONTROL.test(d)) local.description = "must not contain control characters";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  return (
    <main class="credentials">
      <h1>Service accounts</h1>
      <p>
        Machines that connect to MQTT without your identity provider: each account has a fixed MQTT
        username, and you issue it short-lived passwords (platform tokens) here or with{" "}
        <code>POST …/service-accounts/&#123;id&#125;/credentials</code>. Aviary does not store them: a
        credential is shown once. Deleting an account makes brokers refuse its credentials.
      </p>
      {!admin && (
        <p class="notice">
          Your role is <strong>{props.me.role ?? "none"}</strong>: you can see service accounts; only
          admins create them, issue credentials or delete them.
        </p>
      )}
      <h2>Accounts</h2>
      {loadError && (
        <p class="form-error" role="alert">
          {loadError}
        </p>
      )}
      {accounts === null && !loadError && <p aria-busy="true">Loading…</p>}
      {accounts !== null && accounts.length === 0 && <p>No service accounts yet.</p>}
      {accounts !== null && accounts.length > 0 && (
        <ul class="cards" aria-label="Service accounts">
          {accounts.map((sa) => (
            <AccountCard
              key={sa.id}
              orgId={orgId}
              account={sa}
              onIssued={(credential) => setIssued({ account: sa, credential })}
              onDeleted={() => {
                if (issued?.account.id === sa.id) setIssued(null);
                load();
              }}
            >
              {issued?.account.id === sa.id && (
                <CredentialSecret
                  owner={sa.name}
                  username={issued.credential.username}
                  password={issued.credential.password}
                  expiresAt={issued.credential.expires_at}
                  example={mosquitto(info, issued)}
                  onDismiss={() => setIssued(null)}
                >
                  <p class="hint">
                    {info?.ca_url && (
                      <>
                        <a href={info.ca_url} download="aviary-ca.pem">
                          Download aviary-ca.pem
                        </a>{" "}
                        for <code>--cafile</code>.{" "}
                      </>
                    )}
                    Every topic is denied until a policy allows it: see{" "}
                    <Link href="/policies">Access control</Link>.
                  </p>
                </CredentialSecret>
              )}
            </AccountCard>
          ))}
        </ul>
      )}
      <h2>Create a service account</h2>
      <form onSubmit={onSubmit} noValidate class="inline" aria-label="Create a service account">
        <Field
          id="sa-name"
          label="Name"
          value={name}
          onInput={setName}
          error={errors.name}
          hint="1 to 64 characters, unique in the organization, e.g. telemetry-ingest."
          autoComplete="off"
          required
        />
        <Field
          id="sa-description"
          label="Description (optional)"
          value={description}
          onInput={setDescription}
          error={errors.description}
          hint="At most 512 characters: what runs with it, who owns it."
          autoComplete="off"
        />
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create service account"}
        </button>
      </form>
      {created && (
        <p class="notice" role="status">
          {created} is created: issue it a credential above.
        </p>
      )}
    </main>
  );
}

/** One account: what it is, and its actions (issue a credential for a chosen lifetime, delete). */
function AccountCard(props: {
  orgId: string;
  account: ServiceAccount;
  onIssued: (credential: Credential) => void;
  onDeleted: () => void;
  /** The credential just issued for this account, if any. */
  children?: ComponentChildren;
}) {
  const sa = props.account;
  const [ttl, setTtl] = useState(3600);
  const ttlId = `ttl-${sa.id}`;
  const { busy, errors, setErrors, submit } = useSubmit<{ ttl?: string; form?: string }>(
    async () => props.onIssued(await tenantApi.issueCredential(props.orgId, sa.id, ttl)),
    (p) => {
      const ttlError = p.forField("/ttl_seconds");
      return { ttl: ttlError, form: ttlError ? undefined : summary(p) };
    },
  );

  async function remove() {
    if (!confirm(`Delete ${sa.name}? Brokers refuse its credentials from then on.`)) return;
    setErrors({});
    try {
      await tenantApi.deleteServiceAccount(props.orgId, sa.id);
      props.onDeleted();
    } catch (e) {
      setErrors({ form: messageOf(e) });
    }
  }
  return (
    <li class="card" data-testid="service-account">
      <h3>{sa.name}</h3>
      {sa.description && <p class="description">{sa.description}</p>}
      <dl class="facts">
        <dt>MQTT username</dt>
        <dd>
          <code class="break">{sa.username}</code>
        </dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={sa.created_at}>{new Date(sa.created_at).toLocaleString()}</time>
        </dd>
      </dl>
      <div class="card-actions">
        <div class={errors.ttl ? "field invalid" : "field"}>
          <label for={ttlId}>
            Credential lifetime<span class="visually-hidden"> for {sa.name}</span>
          </label>
          <select
            id={ttlId}
            value={String(ttl)}
            onChange={(e) => setTtl(Number((e.currentTarget as HTMLSelectElement).value))}
            aria-invalid={errors.ttl ? "true" : undefined}
            aria-describedby={errors.ttl ? `${ttlId}-error` : undefined}
          >
            {LIFETIMES.map(([seconds, label]) => (
              <option key={seconds} value={String(seconds)}>
                {label}
              </option>
            ))}
          </select>
          {errors.ttl && (
            <p class="error" id={`${ttlId}-error`}>
              {errors.ttl}
            </p>
          )}
        </div>
        <button
          type="button"
          onClick={() => {
            setErrors({});
            submit();
          }}
          disabled={busy}
          aria-label={`Issue credential for ${sa.name}`}
        >
          {busy ? "Issuing…" : "Issue credential"}
        </button>
        <button type="button" class="danger" onClick={remove} aria-label={`Delete ${sa.name}`}>
          Delete
        </button>
      </div>
      {errors.form && (
        <p class="form-error" role="alert">
          {errors.form}
        </p>
      )}
      {props.children}
    </li>
  );
}

/** A mosquitto_pub line that connects with the credential, to the platform's TLS listener. */
function mosquitto(info: Info | null, issued: Issued): string {
  const tls = info ? new URL(info.mqtt_tls_url.replace(/^mqtts:/, "https:")) : null;
  const host = tls?.hostname ?? "localhost";
  const port = tls?.port || "8883";
  const ca = info?.ca_url ? " --cafile aviary-ca.pem" : "";
  const c = issued.credential;
  return `mosquitto_pub -h ${host} -p ${port}${ca} -V mqttv5 \\
  -i '${issued.account.id}' -u '${c.username}' \\
  -P '${c.password}' \\
  -t 'service-accounts/${issued.account.id}/hello' -m 'hello'`;
}
