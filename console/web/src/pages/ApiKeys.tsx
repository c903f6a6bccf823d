import { useState } from "preact/hooks";
import { api, ApiKey, Me } from "../api";
import { Field, FormError, RoleSelect } from "../components/Field";
import { useLoaded } from "../components/useLoaded";
import { summary, useSubmit } from "../components/useSubmit";

type Errors = { name?: string; role?: string; form?: string };

/** API keys for scripts and the CLI: create (the secret is shown once), list, revoke. */
export function ApiKeys(props: { me: Me }) {
  const orgId = props.me.org_id;
  const { value: keys, error: loadError, reload: load, change } = useLoaded(() => api.apiKeys(orgId), orgId);
  const [name, setName] = useState("");
  const [role, setRole] = useState("admin");
  const [created, setCreated] = useState<ApiKey | null>(null);

  const { busy, errors, setErrors, submit } = useSubmit<Errors>(
    async () => {
      const key = await api.createApiKey(orgId, name.trim(), role);
      setCreated(key);
      setName("");
      load();
    },
    (p) => ({
      name: p.forField("/name"),
      role: p.forField("/role"),
      form: p.errors.length === 0 ? summary(p) : undefined,
    }),
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    setCreated(null);
    const local: Errors = {};
    if (!name.trim()) local.name = "is required";
    else if (name.length > 64) local.name = "must be at most 64 characters";
    setErrors(local);
    if (Object.keys(local).length === 0) submit();
  }

  function revoke(key: ApiKey) {
    return change(`Revoke ${key.prefix} (${key.name})? Scripts using it stop working.`, () =>
      api.revokeApiKey(orgId, key.id),
    );
  }

  return (
    <main>
      <h1>API keys</h1>
      <p>
        Scripts and the <code>aviary</code> CLI exchange an API key for a short-lived token at{" "}
        <code>POST /api/v1/auth/token</code>. Aviary stores only a hash: the key is shown once.
      </p>
      <form onSubmit={onSubmit} noValidate class="inline">
        <Field
          id="name"
          label="Name"
          value={name}
          onInput={setName}
          error={errors.name}
          hint="What the key is for, e.g. ci-deploy."
          maxLength={64}
          required
        />
        <RoleSelect id="role" label="Role" value={role} onChange={setRole} error={errors.role} />
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create API key"}
        </button>
      </form>
      {created?.key && (
        <div class="secret" role="status" aria-live="polite">
          <p>
            <strong>{created.name}</strong>: copy the key now, it is not shown again.
          </p>
          <code data-testid="new-key">{created.key}</code>
        </div>
      )}
      <h2>Keys</h2>
      {loadError && <p class="form-error" role="alert">{loadError}</p>}
      {keys === null && !loadError && <p aria-busy="true">Loading…</p>}
      {keys !== null && keys.length === 0 && <p>No API keys yet.</p>}
      {keys !== null && keys.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} class={k.revoked ? "revoked" : undefined}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.role}</td>
                <td>{when(k.created_at)}</td>
                <td>{k.last_used_at ? when(k.last_used_at) : "never"}</td>
                <td>
                  {k.revoked ? (
                    `revoked ${when(k.revoked_at!)}`
                  ) : (
                    <button type="button" class="danger" onClick={() => revoke(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}
