import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { AuditFilters as Filters, EVENT_TYPES, FILTER_NAMES } from "../api/audit";
import { Field, FormError } from "./Field";

/** What the form holds: text as typed; `from` and `to` as datetime-local values (local time). */
type Draft = Record<keyof Filters, string>;

/** A message per filter name, and `form` for the rest. */
export type FilterErrors = Partial<Record<keyof Filters | "form", string>>;

/** The pipeline refuses longer filter values. */
const MAX_TEXT = 1024;

const TEXT_FIELDS: { name: "client_id" | "principal" | "topic_prefix" | "reason"; label: string; hint: string }[] = [
  { name: "client_id", label: "Client id", hint: "The MQTT client id, exactly." },
  {
    name: "principal",
    label: "Identity",
    hint: "Exactly: a client's principal, the username an auth failure sent, or who changed something (user:ana@example.com).",
  },
  { name: "topic_prefix", label: "Topic prefix", hint: "Topics (or subscription filters) that start with this; + and # are plain characters here." },
  { name: "reason", label: "Reason", hint: "A reason code, exactly: default, expired, bad_signature, keep_alive_timeout, …" },
];

/**
 * The audit filters. Checks what it can before asking the server (a date that is not one, from
 * after to, too long), shows the server's own messages next to the fields they point at, and hands
 * valid filters (instants in RFC 3339) to `onApply`.
 */
export function AuditFilterForm(props: {
  applied: Filters;
  serverErrors: FilterErrors;
  busy: boolean;
  onApply: (filters: Filters) => void;
}): JSX.Element {
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.applied));
  const [errors, setErrors] = useState<FilterErrors>({});
  const appliedKey = JSON.stringify(props.applied);

  // Back, forward or a shared link changed the filters: show them.
  useEffect(() => {
    setDraft(toDraft(props.applied));
    setErrors({});
  }, [appliedKey]);

  const shown: FilterErrors = { ...props.serverErrors, ...errors };
  const set = (name: keyof Filters) => (value: string) => setDraft({ ...draft, [name]: value });

  function onSubmit(e: Event) {
    e.preventDefault();
    const { filters, errors: local } = check(draft);
    setErrors(local);
    if (Object.keys(local).length === 0) props.onApply(filters);
  }

  function onReset() {
    const empty = toDraft({});
    setDraft(empty);
    setErrors({});
    props.onApply({});
  }

  return (
    <form class="audit-filters" onSubmit={onSubmit} noValidate aria-label="Audit filters">
      <div class="field">
        <label for="audit-type">Type</label>
        <select id="audit-type" value={draft.type} onChange={(e) => set("type")((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">any type</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {shown.type && <p class="error">{shown.type}</p>}
      </div>
      <Field
        id="audit-from"
        label="From"
        type="datetime-local"
        value={draft.from}
        onInput={set("from")}
        error={shown.from}
        hint="Your time zone; inclusive."
      />
      <Field
        id="audit-to"
        label="To"
        type="datetime-local"
        value={draft.to}
        onInput={set("to")}
        error={shown.to}
        hint="Exclusive."
      />
      {TEXT_FIELDS.map((f) => (
        <Field
          key={f.name}
          id={`audit-${f.name}`}
          label={f.label}
          value={draft[f.name]}
          onInput={set(f.name)}
          error={shown[f.name]}
          hint={f.hint}
        />
      ))}
      <div class="field">
        <label for="audit-verdict">Verdict</label>
        <select
          id="audit-verdict"
          value={draft.verdict}
          onChange={(e) => set("verdict")((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">any verdict</option>
          <option value="allow">allow</option>
          <option value="deny">deny</option>
        </select>
        {shown.verdict && <p class="error">{shown.verdict}</p>}
      </div>
      <div class="audit-filter-actions">
        <FormError message={shown.form} />
        <button type="submit" disabled={props.busy}>
          Apply filters
        </button>
        <button type="button" class="audit-secondary" onClick={onReset}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** The form's values for applied filters: instants become local datetime-local values. */
function toDraft(filters: Filters): Draft {
  const draft = {} as Draft;
  for (const name of FILTER_NAMES) draft[name] = filters[name] ?? "";
  draft.from = filters.from ? toLocalInput(filters.from) : "";
  draft.to = filters.to ? toLocalInput(filters.to) : "";
  return draft;
}

/** Valid filters from the draft, or a message for each field that is not. */
function check(draft: Draft): { filters: Filters; errors: FilterErrors } {
  const filters: Filters = {};
  const errors: FilterErrors = {};
  for (const name of FILTER_NAMES) {
    const value = draft[name].trim();
    if (!value) continue;
    if (name === "from" || name === "to") {
      const instant = fromLocalInput(value);
      if (instant === null) errors[name] = "must be a date and time, e.g. 2026-12-01 09:00";
      else filters[name] = instant;
    } else if (value.length > MAX_TEXT) {
      errors[name] = `must be at most ${MAX_TEXT} characters (this is ${value.length})`;
    } else {
      filters[name] = value;
    }
  }
  if (filters.from && filters.to && Date.parse(filters.to) <= Date.parse(filters.from)) {
    errors.to = "must be after From";
  }
  return { filters, errors };
}

/** A datetime-local value (local time, no zone) for an instant. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  const seconds = d.getSeconds() ? `:${p(d.getSeconds())}` : "";
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}${seconds}`;
}

/** The instant of a datetime-local value, in RFC 3339 (UTC); null if it is not one. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(".000Z", "Z");
}
