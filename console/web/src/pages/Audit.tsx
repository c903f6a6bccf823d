import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation, useSearch } from "wouter-preact";
import { Me, Problem } from "../api";
import {
  audit,
  AuditEvent,
  AuditFilters,
  bucketFor,
  FILTER_NAMES,
  MAX_BUCKETS,
  RefusalStats,
  TailStatus,
} from "../api/audit";
import { AuditChart } from "../components/AuditChart";
import { AuditFilterForm, FilterErrors } from "../components/AuditFilters";
import { AuditTable } from "../components/AuditTable";
import { MAX_LIVE, useLiveTail } from "../components/AuditTail";
import { messageOf, summary } from "../components/useSubmit";
import "./audit.css";

/** The chart's range when the filters set none. */
const DEFAULT_RANGE_MS = 24 * 3600 * 1000;

/** About this many bars at most: the chart is small. */
const CHART_BUCKETS = 48;

/**
 * The organization's audit trail: filters (kept in the URL, so a view can be shared), the
 * matching events page by page or live as they are stored, exports of the same filters, and a
 * chart of authentication failures and denials over the range.
 */
export function Audit(props: { me: Me }) {
  const orgId = props.me.org_id;
  const search = useSearch();
  const [, navigate] = useLocation();
  const applied = useMemo(() => filtersOf(search), [search]);
  const live = new URLSearchParams(search).get("live") === "1";
  const [fieldErrors, setFieldErrors] = useState<FilterErrors>({});

  function show(filters: AuditFilters, liveMode: boolean) {
    navigate(`/audit${searchOf(filters, liveMode)}`);
  }

  /**
   * The messages of a problem that points at parameters go next to the filters they name
   * (/query/<name>), the others above the form's buttons. A problem without pointers is shown
   * where it happened instead.
   */
  function report(problem: Problem) {
    const errors: FilterErrors = {};
    for (const e of problem.errors) {
      const name = e.pointer.replace(/^\/query\//, "") as keyof AuditFilters;
      if (FILTER_NAMES.includes(name)) errors[name] = e.detail;
      else errors.form = [errors.form, e.detail].filter(Boolean).join(" ");
    }
    setFieldErrors(errors);
  }

  const page = usePages(orgId, applied, !live, report, () => setFieldErrors({}));
  const tail = useLiveTail(orgId, tailFilters(applied), live);
  const chart = useChart(orgId, applied);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    if (tail.status?.state === "failed" && tail.status.problem.errors.length > 0) report(tail.status.problem);
  }, [tail.status]);

  async function download(format: "ndjson" | "csv") {
    setExporting(format);
    setExportError(null);
    try {
      const { blob, filename } = await audit.export(orgId, applied, format);
      save(blob, filename);
    } catch (err) {
      setExportError(messageOf(err));
    } finally {
      setExporting(null);
    }
  }

  const rows = live ? tail.rows : page.events;

  return (
    <main class="audit-page">
      <h1>Audit</h1>
      <p>
        Who connected, what the policy decided and who changed what. Events are never payloads; they are kept for your
        organization's retention period.
      </p>
      <AuditFilterForm
        applied={applied}
        serverErrors={fieldErrors}
        busy={page.loading}
        onApply={(filters) => {
          setFieldErrors({});
          show(filters, live);
        }}
      />

      <section aria-labelledby="audit-refusals">
        <h2 id="audit-refusals">Refusals over time</h2>
        <p class="hint">
          Counted over From–To (the last 24 hours when unset) with the client id, identity, topic and reason filters;
          the type and verdict filters do not apply, since they are what is counted.
        </p>
        {chart.error && (
          <p class="form-error" role="alert">
            {chart.error}
          </p>
        )}
        {!chart.error && !chart.stats && <p aria-busy="true">Loading the chart…</p>}
        {chart.stats && <AuditChart stats={chart.stats} />}
      </section>

      <section aria-labelledby="audit-events">
        <h2 id="audit-events">Events</h2>
        <div class="audit-toolbar">
          <button
            type="button"
            class="audit-secondary"
            aria-pressed={live}
            onClick={() => show(applied, !live)}
          >
            {live ? "Stop live tail" : "Live tail"}
          </button>
          {live && (
            <button type="button" class="audit-secondary" onClick={tail.paused ? tail.resume : tail.pause}>
              {tail.paused ? `Resume (${tail.waiting} waiting)` : "Pause"}
            </button>
          )}
          <span class="audit-export" role="group" aria-label="Export the filtered events">
            <button type="button" class="audit-secondary" disabled={exporting !== null} onClick={() => download("ndjson")}>
              {exporting === "ndjson" ? "Exporting…" : "Export NDJSON"}
            </button>
            <button type="button" class="audit-secondary" disabled={exporting !== null} onClick={() => download("csv")}>
              {exporting === "csv" ? "Exporting…" : "Export CSV"}
            </button>
          </span>
        </div>
        {exportError && (
          <p class="form-error" role="alert">
            {exportError}
          </p>
        )}
        <p class="audit-status" role="status" aria-live="polite">
          {live ? liveText(tail.status, tail.paused, tail.waiting) : page.loading ? "Loading events…" : ""}
        </p>
        {live && (applied.from || applied.to) && (
          <p class="hint">The live tail shows events as they are stored: the From and To filters do not apply to it.</p>
        )}
        {live && tail.dropped > 0 && (
          <p class="notice">
            Showing the newest {MAX_LIVE} events; {tail.dropped} older ones left this view (they are in the listing).
          </p>
        )}
        {page.error && !live && (
          <p class="form-error" role="alert">
            {page.error}
          </p>
        )}
        {rows.length === 0 && !page.loading && !page.error && (
          <p>{live ? "No events since the tail started." : "No events match these filters."}</p>
        )}
        {rows.length > 0 && (
          <AuditTable events={rows} caption={live ? "Live audit events, newest first" : "Audit events, newest first"} />
        )}
        {!live && page.next && (
          <p>
            <button type="button" disabled={page.loading} onClick={page.more}>
              {page.loading ? "Loading…" : "Load more"}
            </button>
          </p>
        )}
        {!live && rows.length > 0 && (
          <p class="hint">
            {rows.length} {rows.length === 1 ? "event" : "events"} shown{page.next ? "; there are more" : ", all that match"}.
          </p>
        )}
      </section>
    </main>
  );
}

/** The listing, a page at a time; reloaded from the first page when the filters change. */
function usePages(
  orgId: string,
  filters: AuditFilters,
  on: boolean,
  report: (problem: Problem) => void,
  clear: () => void,
) {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Answers to an older request (the filters changed meanwhile) are dropped.
  const generation = useRef(0);
  const key = JSON.stringify(filters);

  function load(cursor: string | null) {
    const g = ++generation.current;
    setLoading(true);
    setError(null);
    audit
      .events(orgId, filters, cursor)
      .then(
        (answer) => {
          if (g !== generation.current) return;
          setEvents((previous) => (cursor ? [...previous, ...answer.events] : answer.events));
          setNext(answer.next_cursor);
          clear();
        },
        (err) => {
          if (g !== generation.current) return;
          if (err instanceof Problem && err.errors.length > 0) {
            report(err);
            setError("The server refused these filters: see the messages next to them.");
          } else {
            setError(messageOf(err));
          }
        },
      )
      .finally(() => {
        if (g === generation.current) setLoading(false);
      });
  }

  useEffect(() => {
    setEvents([]);
    setNext(null);
    if (on) load(null);
    else generation.current++;
  }, [orgId, key, on]);

  return { events, next, loading, error, more: () => load(next) };
}

/** The refusal statistics over the filters' range (the last 24 hours by default). */
function useChart(orgId: string, filters: AuditFilters) {
  const [stats, setStats] = useState<RefusalStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { from, to, client_id, principal, topic_prefix, reason } = filters;
  const key = JSON.stringify([from, to, client_id, principal, topic_prefix, reason]);

  useEffect(() => {
    setStats(null);
    setError(null);
    const end = to ?? instant(Date.now());
    const start = from ?? instant(Date.parse(end) - DEFAULT_RANGE_MS);
    const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
    const bucket = bucketFor(seconds, CHART_BUCKETS) ?? bucketFor(seconds, MAX_BUCKETS);
    if (seconds <= 0) {
      setError("The chart needs From before To.");
      return;
    }
    if (bucket === null) {
      setError(`The range is too long to chart: at most ${MAX_BUCKETS - 1} days.`);
      return;
    }
    let current = true;
    audit.stats(orgId, { client_id, principal, topic_prefix, reason }, start, end, bucket).then(
      (answer) => current && setStats(answer),
      (err) => current && setError(err instanceof Problem ? `The chart could not be drawn: ${summary(err)}` : messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [orgId, key]);

  return { stats, error };
}

/** The filters in a page URL's query string. */
function filtersOf(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  const filters: AuditFilters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The page URL's query string for filters and the live mode. */
function searchOf(filters: AuditFilters, live: boolean): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (live) params.set("live", "1");
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The filters the live tail takes: all but the time range. */
function tailFilters(filters: AuditFilters): AuditFilters {
  const { from: _from, to: _to, ...rest } = filters;
  return rest;
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function liveText(status: TailStatus | null, paused: boolean, waiting: number): string {
  if (paused) return `Paused: ${waiting} new ${waiting === 1 ? "event" : "events"} waiting. Resume to show them.`;
  switch (status?.state) {
    case "connecting":
      return "Connecting to the live tail…";
    case "live":
      return "Live: new events appear at the top.";
    case "retrying":
      return `${status.why}; reconnecting in ${status.seconds} s (attempt ${status.attempt}).`;
    case "failed":
      return `The live tail stopped: ${summary(status.problem)}`;
    default:
      return "";
  }
}

/** Saves a file the page holds: a link to it, clicked (the CSP allows blob: downloads, not inline code). */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
