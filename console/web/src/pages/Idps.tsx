import { useEffect, useState } from "preact/hooks";
import { api, Idp, Me, Preset, ProbeReport, TokenTestResult } from "../api";
import { Field, FormError } from "../components/Field";
import { messageOf, summary, useSubmit } from "../components/useSubmit";
import { useLoaded } from "../components/useLoaded";

type Errors = { name?: string; form?: string; inputs?: Record<string, string> };

/**
 * Identity providers: add one from a preset, test its connection (discovery and keys), and paste a
 * token to see the bindings a broker would give it.
 */
export function Idps(props: { me: Me }) {
  const orgId = props.me.org_id;
  const [presets, setPresets] = useState<Preset[]>([]);
  const { value: idps, error: loadError, setError: setLoadError, reload: load, change } = useLoaded(
    () => api.idps(orgId),
    orgId,
  );
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [probes, setProbes] = useState<Record<string, ProbeReport | string>>({});
  const preset = presets.find((p) => p.code === code);

  useEffect(() => {
    api.presets().then((all) => {
      setPresets(all);
      setCode((c) => c || all[0]?.code || "");
    }, (e) => setLoadError(messageOf(e)));
  }, []);

  const { busy, errors, setErrors, submit } = useSubmit<Errors>(
    async () => {
      await api.createIdp(orgId, name.trim(), code, inputs);
      setName("");
      setInputs({});
      load();
    },
    (p) => {
      const byInput: Record<string, string> = {};
      for (const e of p.errors) {
        const m = /^\/(?:inputs\/)?([a-z0-9_]+)$/.exec(e.pointer);
        if (m && preset?.fields.some((f) => f.name === m[1])) byInput[m[1]] = e.detail;
      }
      const name = p.forField("/name");
      const explained = Object.keys(byInput).length + (name ? 1 : 0);
      return { name, inputs: byInput, form: explained < Math.max(1, p.errors.length) ? summary(p) : undefined };
    },
  );

  function onSubmit(e: Event) {
    e.preventDefault();
    const local: Errors = { inputs: {} };
    if (!name.trim()) local.name = "is required";
    for (const f of preset?.fields ?? []) {
      if (f.required && !(inputs[f.name] ?? "").trim()) local.inputs![f.name] = "is required";
    }
    setErrors(local);
    if (!local.name && Object.keys(local.inputs!).length === 0) submit();
  }

  async function test(idp: Idp) {
    setProbes((p) => ({ ...p, [idp.id]: "Testing…" }));
    try {
      const report = await api.testIdp(orgId, idp.id);
      setProbes((p) => ({ ...p, [idp.id]: report }));
    } catch (e) {
      setProbes((p) => ({ ...p, [idp.id]: messageOf(e) }));
    }
  }

  function remove(idp: Idp) {
    return change(`Delete ${idp.name}? Clients using its tokens are disconnected.`, () => api.deleteIdp(orgId, idp.id));
  }

  return (
    <main>
      <h1>Identity providers</h1>
      <p>
        Agents connect with JWTs from your identity provider. Register it here: Aviary checks every
        token against its keys, issuer and audience.
      </p>
      {loadError && <p class="form-error" role="alert">{loadError}</p>}
      <h2>Connections</h2>
      {idps === null && !loadError && <p aria-busy="true">Loading…</p>}
      {idps !== null && idps.length === 0 && <p>No identity provider yet.</p>}
      {idps !== null && idps.length > 0 && (
        <ul class="cards">
          {idps.map((idp) => (
            <li key={idp.id} class="card">
              <h3>{idp.name}</h3>
              <p class="hint">
                {idp.preset ?? "custom"} · issuer <code>{idp.issuers.join(", ")}</code> · audience{" "}
                <code>{idp.audiences.join(", ") || "any"}</code>
              </p>
              <div class="actions">
                <button type="button" onClick={() => test(idp)} aria-label={`Test connection of ${idp.name}`}>
                  Test connection
                </button>
                <button type="button" class="danger" onClick={() => remove(idp)} aria-label={`Delete ${idp.name}`}>
                  Delete
                </button>
              </div>
              <Probe result={probes[idp.id]} />
            </li>
          ))}
        </ul>
      )}
      <h2>Add an identity provider</h2>
      <form onSubmit={onSubmit} noValidate class="inline">
        <div class="field">
          <label for="preset">Provider</label>
          <select
            id="preset"
            value={code}
            onChange={(e) => {
              setCode((e.currentTarget as HTMLSelectElement).value);
              setInputs({});
              setErrors({});
            }}
          >
            {presets.map((p) => (
              <option key={p.code} value={p.code}>
                {p.display_name}
              </option>
            ))}
          </select>
        </div>
        <Field id="idp-name" label="Name" value={name} onInput={setName} error={errors.name} maxLength={64} required />
        {preset?.fields.map((f) => (
          <Field
            key={f.name}
            id={`input-${f.name}`}
            label={f.label + (f.required ? "" : " (optional)")}
            value={inputs[f.name] ?? ""}
            onInput={(v) => setInputs({ ...inputs, [f.name]: v })}
            error={errors.inputs?.[f.name]}
            hint={[f.help, f.example ? `e.g. ${f.example}` : ""].filter(Boolean).join(" ")}
            required={f.required}
          />
        ))}
        {preset?.warnings.map((w) => (
          <p key={w} class="notice">
            {w}
          </p>
        ))}
        <FormError message={errors.form} />
        <button type="submit" disabled={busy || !preset}>
          {busy ? "Adding…" : "Add identity provider"}
        </button>
      </form>
      <TokenTester orgId={orgId} />
    </main>
  );
}

function Probe(props: { result?: ProbeReport | string }) {
  const r = props.result;
  if (!r) return null;
  if (typeof r === "string") return <p role="status">{r}</p>;
  return (
    <div role="status" class={r.ok ? "probe ok" : "probe failed"}>
      <p>
        <strong>{r.ok ? "Connection works" : "Connection fails"}</strong>
        {r.jwks_uri && (
          <>
            {" "}
            · keys from <code>{r.jwks_uri}</code>: {r.keys.filter((k) => k.usable).length} usable of{" "}
            {r.keys.length}
          </>
        )}
      </p>
      {r.problems.length > 0 && (
        <ul>
          {r.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Paste a token to see what a broker would make of it; the token is never stored or logged. */
function TokenTester(props: { orgId: string }) {
  const [token, setToken] = useState("");
  const [result, setResult] = useState<TokenTestResult | null>(null);
  const { busy, errors, setErrors, submit } = useSubmit<{ token?: string; form?: string }>(
    async () => setResult(await api.testToken(props.orgId, token.trim())),
    (p) => ({ token: p.forField("/token"), form: p.forField("/token") ? undefined : summary(p) }),
  );
  function onSubmit(e: Event) {
    e.preventDefault();
    setResult(null);
    if (!token.trim()) {
      setErrors({ token: "is required" });
      return;
    }
    setErrors({});
    submit();
  }
  return (
    <section aria-labelledby="token-heading">
      <h2 id="token-heading">Paste a token</h2>
      <form onSubmit={onSubmit} noValidate class="inline">
        <div class={errors.token ? "field invalid" : "field"}>
          <label for="token">A JWT an agent would send as its MQTT password</label>
          <textarea
            id="token"
            rows={4}
            value={token}
            onInput={(e) => setToken((e.currentTarget as HTMLTextAreaElement).value)}
            aria-invalid={errors.token ? "true" : undefined}
            aria-describedby={errors.token ? "token-error" : undefined}
            spellcheck={false}
          />
          {errors.token && (
            <p class="error" id="token-error">
              {errors.token}
            </p>
          )}
        </div>
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Check token"}
        </button>
      </form>
      {result && (
        <div role="status" class={result.verified ? "probe ok" : "probe failed"}>
          {result.verified ? (
            <>
              <p>
                <strong>Accepted</strong> as <code>{result.subject}</code>; a broker binds:
              </p>
              <table>
                <tbody>
                  {Object.entries(result.bindings ?? {}).map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row">{k}</th>
                      <td>
                        <code>{v.join(", ")}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p>
              <strong>Refused</strong> ({result.reason}): {result.detail}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
