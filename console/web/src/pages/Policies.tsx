import { useEffect, useRef, useState } from "preact/hooks";
import { Me, Problem } from "../api";
import { aclApi, Case, Diff, PolicyProblem, PolicyVersion, RuleView, Simulation, Template, VersionList } from "../api/acl";
import { Field, FormError } from "../components/Field";
import { PolicyEditor } from "../components/PolicyEditor";
import { messageOf, summary } from "../components/useSubmit";
import "./policies.css";

const MAX_COMMENT = 500;
/** The simulated cases kept to probe a diff with: what the user cared to try. */
const MAX_CASES = 20;

/**
 * Access control: the active policy and its versions, a draft started from a template or a
 * version, validated as it is typed, simulated, reviewed as a diff against the active policy, then
 * activated; any older version can be activated again (rolled back).
 */
export function Policies(props: { me: Me }) {
  const orgId = props.me.org_id;
  const admin = props.me.role === "admin";
  const [versions, setVersions] = useState<VersionList | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [loadedFrom, setLoadedFrom] = useState("");
  const [baseline, setBaseline] = useState("");
  const [problems, setProblems] = useState<PolicyProblem[]>([]);
  const [valid, setValid] = useState(false);
  const [template, setTemplate] = useState("agent-pipelines");
  const [comment, setComment] = useState("");
  const [diff, setDiff] = useState<Diff | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [cases, setCases] = useState<Case[]>([]);
  const validation = useRef(0);

  async function loadVersions(): Promise<VersionList | null> {
    try {
      const list = await aclApi.versions(orgId);
      setVersions(list);
      return list;
    } catch (e) {
      setLoadError(messageOf(e));
      return null;
    }
  }

  useEffect(() => {
    aclApi.templates().then(setTemplates, (e) => setLoadError(messageOf(e)));
    loadVersions().then((list) => {
      if (list) open(list.active_version, list.active_version);
    });
  }, [orgId]);

  // Validate what is typed, once typing pauses; only the latest answer counts.
  useEffect(() => {
    if (!text) return;
    const ticket = ++validation.current;
    const timer = setTimeout(() => {
      aclApi.validate(orgId, text).then(
        (v) => {
          if (ticket !== validation.current) return;
          setProblems(v.problems);
          setValid(v.valid);
        },
        (e) => ticket === validation.current && setMessage({ text: messageOf(e), error: true }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  function edit(value: string) {
    setText(value);
    setValid(false);
    setDiff(null);
  }

  function replaceDraft(value: string, from: string) {
    if (text !== baseline && !confirm("Replace the draft? Your changes to it are lost.")) return false;
    edit(value);
    setBaseline(value);
    setLoadedFrom(from);
    setMessage(null);
    return true;
  }

  async function open(version: number, active = versions?.active_version) {
    try {
      const doc = await aclApi.versionText(orgId, version);
      replaceDraft(doc, version === active ? `version ${version} (active)` : `version ${version}`);
    } catch (e) {
      setMessage({ text: messageOf(e), error: true });
    }
  }

  function useTemplate() {
    const t = templates.find((x) => x.id === template);
    if (t) replaceDraft(JSON.stringify(t.policy, null, 2) + "\n", `the ${t.name} template`);
  }

  async function review() {
    setBusy(true);
    setMessage(null);
    try {
      setDiff(await aclApi.diff(orgId, text, cases));
    } catch (e) {
      setMessage({ text: messageOf(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  async function store(activate: boolean) {
    if (!versions) return;
    if (comment.length > MAX_COMMENT) {
      setMessage({ text: `The comment must be at most ${MAX_COMMENT} characters.`, error: true });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const stored = await aclApi.store(orgId, text, versions.active_version, activate, comment);
      setDiff(null);
      setComment("");
      setBaseline(text);
      setLoadedFrom(`version ${stored.version}${stored.active ? " (active)" : ""}`);
      setMessage({
        text: stored.active
          ? `Version ${stored.version} is active. Brokers apply it within seconds.`
          : `Version ${stored.version} is stored, not active.`,
        error: false,
      });
      await loadVersions();
    } catch (e) {
      setMessage({ text: storeError(e), error: true });
      if (e instanceof Problem && e.status === 412) await loadVersions();
    } finally {
      setBusy(false);
    }
  }

  async function activate(v: PolicyVersion) {
    if (!versions) return;
    const rollback = v.version < versions.active_version;
    if (!confirm(`${rollback ? "Roll back to" : "Activate"} version ${v.version}? Brokers apply it within seconds.`))
      return;
    try {
      await aclApi.activate(orgId, v.version, versions.active_version);
      setMessage({ text: `Version ${v.version} is active.`, error: false });
      setDiff(null);
    } catch (e) {
      setMessage({ text: storeError(e), error: true });
    }
    await loadVersions();
  }

  const active = versions?.versions.find((v) => v.active);
  const dirty = text !== baseline;
  return (
    <main class="wide">
      <h1>Access control</h1>
      <p>
        Every publish and subscribe is checked against the active policy. A new organization has the Blank policy:
        everything is denied until a rule allows it. The format is in <code>docs/acl.md</code>.
      </p>
      {loadError && (
        <p class="form-error" role="alert">
          {loadError}
        </p>
      )}
      {versions && (
        <p class="notice" data-testid="active-policy">
          {versions.active_version === 0
            ? "Active: the Blank policy (version 0), which denies everything."
            : `Active: version ${versions.active_version}` +
              (active ? `, ${count(active.rule_count, "rule")}, since ${when(active.created_at)}.` : ".")}
        </p>
      )}

      <section aria-labelledby="draft-heading">
        <h2 id="draft-heading">Draft</h2>
        <div class="row">
          <div class="field">
            <label for="template">Start from a template</label>
            <select id="template" value={template} onChange={(e) => setTemplate((e.currentTarget as HTMLSelectElement).value)}>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={useTemplate} disabled={templates.length === 0}>
            Use template
          </button>
        </div>
        <p class="hint">{templates.find((t) => t.id === template)?.description}</p>
        <PolicyEditor
          id="policy"
          label={`Policy document${loadedFrom ? `, from ${loadedFrom}` : ""}${dirty ? ", changed" : ""}`}
          value={text}
          onInput={edit}
          problems={problems}
        />
        {admin ? (
          <>
            <Field
              id="comment"
              label="Comment (optional)"
              value={comment}
              onInput={setComment}
              hint="Kept with the version, e.g. why it changes."
              error={comment.length > MAX_COMMENT ? `must be at most ${MAX_COMMENT} characters` : undefined}
            />
            <div class="actions">
              <button type="button" onClick={review} disabled={busy || !valid}>
                Review changes
              </button>
            </div>
            {!valid && text && problems.some((p) => p.severity === "error") && (
              <p class="hint">Fix the errors to review and activate the draft.</p>
            )}
          </>
        ) : (
          <p class="hint">Your role ({props.me.role ?? "none"}) can read and simulate policies; an admin activates them.</p>
        )}
        {message && (
          <p class={message.error ? "form-error" : "notice"} role={message.error ? "alert" : "status"}>
            {message.text}
          </p>
        )}
        {diff && (
          <DiffView
            diff={diff}
            busy={busy}
            from={versions?.active_version ?? 0}
            onActivate={() => store(true)}
            onSave={() => store(false)}
          />
        )}
      </section>

      <Simulator
        orgId={orgId}
        draft={text}
        onCase={(c) => setCases((all) => [c, ...all.filter((x) => JSON.stringify(x) !== JSON.stringify(c))].slice(0, MAX_CASES))}
      />

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        {versions === null && !loadError && <p aria-busy="true">Loading…</p>}
        {versions !== null && versions.versions.length === 0 && <p>No version stored yet.</p>}
        {versions !== null && versions.versions.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
                <th scope="col">By</th>
                <th scope="col">Rules</th>
                <th scope="col">Comment</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.versions.map((v) => (
                <tr key={v.version} data-testid="policy-version">
                  <td>
                    {v.version} {v.active && <strong class="badge">active</strong>}
                  </td>
                  <td>{when(v.created_at)}</td>
                  <td>{v.created_by ?? ""}</td>
                  <td>{v.rule_count}</td>
                  <td>{v.comment ?? ""}</td>
                  <td class="actions">
                    <button type="button" class="link" onClick={() => open(v.version)} aria-label={`Open version ${v.version}`}>
                      Open
                    </button>
                    {admin && !v.active && (
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => activate(v)}
                        aria-label={`${v.version < versions.active_version ? "Roll back to" : "Activate"} version ${v.version}`}
                      >
                        {v.version < versions.active_version ? "Roll back" : "Activate"}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

function storeError(e: unknown): string {
  if (e instanceof Problem && e.status === 412) {
    return "Someone else changed the active policy meanwhile. The versions below are current: review again.";
  }
  if (e instanceof Problem && e.errors.length > 0) {
    return `${summary(e)} ${e.errors.map((f) => (f.line ? `line ${f.line}: ${f.detail}` : f.detail)).join("; ")}`;
  }
  return messageOf(e);
}

/** The changes a draft brings against the active policy, and the buttons that make it so. */
function DiffView(props: { diff: Diff; from: number; busy: boolean; onActivate: () => void; onSave: () => void }) {
  const { diff } = props;
  const nothing = !diff.default_changed && diff.rules.length === 0;
  return (
    <div class="diff" data-testid="policy-diff">
      <h3>Changes from version {props.from}</h3>
      {nothing && <p>The draft decides like the active policy: no rule changes.</p>}
      {diff.default_changed && <p>The default action changes.</p>}
      {diff.rules.length > 0 && (
        <ul class="rule-changes">
          {diff.rules.map((r, i) => (
            <li key={i} class={r.kind}>
              <strong>{r.kind}</strong> {r.kind === "added" ? describe(r.to!) : describe(r.from!)}
              {r.kind === "changed" && <> → {describe(r.to!)}</>}
            </li>
          ))}
        </ul>
      )}
      {diff.decisions.length > 0 && (
        <>
          <h4>Simulated cases that decide differently</h4>
          <ul>
            {diff.decisions.map((d, i) => (
              <li key={i}>
                {d.probe.action} <code>{d.probe.topic}</code>: {d.from.verdict} ({d.from.rule}) → {d.to.verdict} ({d.to.rule})
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="actions">
        <button type="button" onClick={props.onActivate} disabled={props.busy}>
          Activate draft
        </button>
        <button type="button" class="secondary" onClick={props.onSave} disabled={props.busy}>
          Save without activating
        </button>
      </div>
    </div>
  );
}

function describe(rule: RuleView): string {
  const name = rule.name ?? `/rules/${rule.index}`;
  return `${name}: ${rule.effect} ${rule.action} ${rule.topic}${rule.priority ? ` (priority ${rule.priority})` : ""}`;
}

type SimErrors = { identity?: string; topic?: string; form?: string };

/** Identity, action and topic in; verdict, deciding rule and the trace of the rules tried out. */
function Simulator(props: { orgId: string; draft: string; onCase: (c: Case) => void }) {
  const [identity, setIdentity] = useState('{\n  "agent_id": "a1"\n}');
  const [action, setAction] = useState<"publish" | "subscribe">("subscribe");
  const [topic, setTopic] = useState("agents/a1/inbox");
  const [qos, setQos] = useState(0);
  const [retain, setRetain] = useState(false);
  const [against, setAgainst] = useState<"draft" | "active">("draft");
  const [errors, setErrors] = useState<SimErrors>({});
  const [result, setResult] = useState<{ c: Case; s: Simulation; against: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: Event) {
    e.preventDefault();
    const local: SimErrors = {};
    const claims = parseClaims(identity);
    if (typeof claims === "string") local.identity = claims;
    if (!topic) local.topic = "is required";
    else if (new TextEncoder().encode(topic).length > 65535) local.topic = "must be at most 65,535 bytes";
    if (against === "draft" && !isJson(props.draft)) local.form = DRAFT_INVALID;
    setErrors(local);
    if (Object.keys(local).length > 0 || typeof claims === "string") return;
    const c: Case = { identity: claims, action, topic, qos, retain };
    setBusy(true);
    try {
      const s = await aclApi.simulate(props.orgId, c, against === "draft" ? props.draft : null);
      setResult({ c, s, against: against === "draft" ? "the draft" : "the active policy" });
      props.onCase(c);
    } catch (err) {
      setResult(null);
      setErrors(
        err instanceof Problem && err.status === 422 && against === "draft"
          ? { form: DRAFT_INVALID }
          : err instanceof Problem
          ? {
              identity: err.forField("/identity"),
              topic: err.forField("/topic"),
              form: err.errors.length === 0 ? summary(err) : undefined,
            }
          : { form: messageOf(err) },
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sim-heading">
      <h2 id="sim-heading">Simulator</h2>
      <p>What the broker would decide for a client with these claims. Cases you try here are checked again when you review a draft.</p>
      <form onSubmit={onSubmit} noValidate class="simulator">
        <div class={errors.identity ? "field invalid" : "field"}>
          <label for="identity">Identity claims (JSON)</label>
          <textarea
            id="identity"
            rows={4}
            value={identity}
            spellcheck={false}
            onInput={(e) => setIdentity((e.currentTarget as HTMLTextAreaElement).value)}
            aria-invalid={errors.identity ? "true" : undefined}
            aria-describedby="identity-hint identity-error"
          />
          <p class="hint" id="identity-hint">
            The bindings the ACL sees, e.g. <code>agent_id</code>, <code>role</code>, <code>client_id</code>, or a mapped claim such as{" "}
            <code>pipeline</code>.
          </p>
          {errors.identity && (
            <p class="error" id="identity-error">
              {errors.identity}
            </p>
          )}
        </div>
        <div class="row">
          <div class="field">
            <label for="action">Action</label>
            <select id="action" value={action} onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value as "publish")}>
              <option value="subscribe">subscribe</option>
              <option value="publish">publish</option>
            </select>
          </div>
          <div class="field">
            <label for="qos">QoS</label>
            <select id="qos" value={String(qos)} onChange={(e) => setQos(Number((e.currentTarget as HTMLSelectElement).value))}>
              <option value="0">0</option>
              <option value="1">1</option>
              <option value="2">2</option>
            </select>
          </div>
          <div class="field check">
            <input id="retain" type="checkbox" checked={retain} onChange={(e) => setRetain((e.currentTarget as HTMLInputElement).checked)} />
            <label for="retain">Retain</label>
          </div>
        </div>
        <Field id="topic" label="Topic or filter" value={topic} onInput={setTopic} error={errors.topic} hint="As the client sees it, without any prefix." />
        <fieldset class="field">
          <legend>Against</legend>
          <label class="inline">
            <input type="radio" name="against" checked={against === "draft"} onChange={() => setAgainst("draft")} /> the draft
          </label>
          <label class="inline">
            <input type="radio" name="against" checked={against === "active"} onChange={() => setAgainst("active")} /> the active policy
          </label>
        </fieldset>
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {busy ? "Simulating…" : "Simulate"}
        </button>
      </form>
      {result && (
        <div class={`verdict ${result.s.verdict}`} role="status" aria-live="polite">
          <p>
            <strong data-testid="verdict">{result.s.verdict === "allow" ? "Allowed" : "Denied"}</strong>: {result.c.action}{" "}
            <code>{result.c.topic}</code> against {result.against}, decided by{" "}
            <code data-testid="deciding-rule">{result.s.rule}</code>
            {result.s.reason !== "rule" && result.s.reason !== "default" && <> ({result.s.reason.replaceAll("_", " ")})</>}
            {result.s.bound_topic && result.s.bound_topic !== result.c.topic && (
              <>
                , rule topic bound to <code>{result.s.bound_topic}</code>
              </>
            )}
            {result.s.verdict === "allow" && result.c.action === "publish" && result.s.qos !== result.c.qos && <>, QoS lowered to {result.s.qos}</>}.
          </p>
          {result.s.trace.length > 0 && (
            <details>
              <summary>Rules tried ({result.s.trace.length})</summary>
              <ol>
                {result.s.trace.map((t, i) => (
                  <li key={i}>
                    <code>{t.rule}</code>: {t.outcome}
                    {t.detail ? `, ${t.detail}` : ""}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

const DRAFT_INVALID = "The draft has errors: fix them, or simulate against the active policy.";

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The claims object, or what is wrong with the text. */
function parseClaims(text: string): Record<string, string | string[]> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'must be a JSON object, e.g. {"agent_id": "a1"}';
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return 'must be a JSON object, e.g. {"agent_id": "a1"}';
  }
  for (const [k, v] of Object.entries(value)) {
    const ok = typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
    if (!ok) return `"${k}" must be a string or a list of strings`;
  }
  return value as Record<string, string | string[]>;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}
