// The audit pipeline's API through the edge: the listing and the refusal statistics as JSON, the
// export as a file, and the live tail as server-sent events. The export and the tail need the
// response itself rather than parsed JSON, and the tail must send the console header, which
// EventSource cannot: both use fetch with the same headers `call` sends.

import type { components } from "./generated/audit-pipeline";
import { call, failure, Problem } from "./index";

type Audit = components["schemas"];

/** Every event type of the audit-event v1 schema, in the order the docs list them. */
export const EVENT_TYPES = [
  "connect",
  "auth_failure",
  "acl_verdict",
  "subscribe",
  "unsubscribe",
  "disconnect",
  "limit_exceeded",
  "policy_activated",
  "idp_changed",
  "api_key_created",
  "api_key_revoked",
  "member_added",
  "audit_dropped",
] as const;

/**
 * An audit event as the pipeline returns it (exactly as written on the wire). Its fields are
 * defined by the audit-event v1 JSON Schema (audit-events), not by the pipeline's OpenAPI document,
 * which calls it an object. Only the common
 * fields are always there; the others depend on the type. No event has a payload.
 */
export interface AuditEvent {
  schema_version: number;
  event_id: string;
  type: string;
  org_id: string;
  node_id: string;
  time: string;
  client_id?: string | null;
  principal?: string | null;
  username?: string | null;
  actor?: string | null;
  action?: string | null;
  kind?: string | null;
  change?: string | null;
  topic?: string | null;
  filter?: string | null;
  verdict?: "allow" | "deny" | null;
  rule?: string | null;
  reason?: string | null;
  limit?: string | null;
  policy_version?: number | null;
  [field: string]: unknown;
}

export type EventPage = Omit<Audit["EventPage"], "events"> & { events: AuditEvent[] };

/**
 * What the listing, export and tail select, by the API's parameter names. `from` and `to` are
 * RFC 3339 instants; absent values select everything.
 */
export interface AuditFilters {
  type?: string;
  from?: string;
  to?: string;
  client_id?: string;
  principal?: string;
  topic_prefix?: string;
  verdict?: string;
  reason?: string;
}

/** The filter names, in the order of the form and of the page's URL. */
export const FILTER_NAMES: (keyof AuditFilters)[] = [
  "type",
  "from",
  "to",
  "client_id",
  "principal",
  "topic_prefix",
  "verdict",
  "reason",
];

/** The filters the live tail takes: all but the time range. */
const TAIL_FILTERS: (keyof AuditFilters)[] = ["type", "client_id", "principal", "topic_prefix", "verdict", "reason"];

/** The filters the refusal statistics take besides their range. */
const STATS_FILTERS: (keyof AuditFilters)[] = ["client_id", "principal", "topic_prefix", "reason"];

/** Bucket widths of the statistics, narrowest first, with their length in seconds. */
export const BUCKETS: [string, number][] = [
  ["1m", 60],
  ["5m", 300],
  ["15m", 900],
  ["1h", 3600],
  ["6h", 21600],
  ["1d", 86400],
];

/** The most buckets one statistics answer holds. */
export const MAX_BUCKETS = 500;

export type RefusalBucket = Audit["RefusalBucket"];

/** Authentication failures and denials per time bucket. */
export type RefusalStats = Audit["RefusalStats"];

const auditPath = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}/audit`;

/** A query string of the given filters that are set, plus `extra`. */
function query(filters: AuditFilters, names: (keyof AuditFilters)[], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of names) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const audit = {
  /** A page of events, newest first; pass `next_cursor` back as `cursor` for the next one. */
  events: (orgId: string, filters: AuditFilters, cursor?: string | null, limit = 100) =>
    call<EventPage>(
      "GET",
      `${auditPath(orgId)}/events${query(filters, FILTER_NAMES, {
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      })}`,
    ),

  /** Refusals per bucket of `bucket` between `from` and `to`, narrowed like the listing. */
  stats: (orgId: string, filters: AuditFilters, from: string, to: string, bucket: string) =>
    call<RefusalStats>("GET", `${auditPath(orgId)}/stats${query(filters, STATS_FILTERS, { from, to, bucket })}`),

  /** Every matching event as one file, oldest first. */
  async export(orgId: string, filters: AuditFilters, format: "ndjson" | "csv"): Promise<{ blob: Blob; filename: string }> {
    const response = await fetch(`${auditPath(orgId)}/export${query(filters, FILTER_NAMES, { format })}`, {
      headers: { "X-Aviary-Console": "1", Accept: "application/x-ndjson, text/csv, application/problem+json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw await failure(response, response.url);
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const named = /filename="([^"]+)"/.exec(disposition);
    return { blob: await response.blob(), filename: named ? named[1] : `audit.${format}` };
  },
};

/** The smallest bucket that splits `seconds` into at most `most` buckets; null if none does. */
export function bucketFor(seconds: number, most: number): string | null {
  for (const [code, width] of BUCKETS) {
    if (Math.ceil(seconds / width) + 1 <= most) return code;
  }
  return null;
}

/** The state of a live tail, for its status line. */
export type TailStatus =
  | { state: "connecting" }
  | { state: "live" }
  | { state: "retrying"; attempt: number; seconds: number; why: string }
  | { state: "failed"; problem: Problem };

export interface TailHandlers {
  /** An event, in the order the pipeline stored them. */
  event: (event: AuditEvent) => void;
  status: (status: TailStatus) => void;
}

/** How long to wait before the n-th reconnection (from 1): doubling from the server's hint, at most 30 s. */
export function backoff(attempt: number, hintMs: number): number {
  const base = Math.max(hintMs, 1000) * 2 ** Math.min(attempt - 1, 5);
  return Math.min(base, 30_000);
}

/**
 * Follows the organization's events live until the returned function is called. Reconnects with
 * backoff when the stream ends (it does when the access token expires) or fails, resuming after the
 * last event received (Last-Event-ID), so no event is missed or repeated across reconnections.
 * Stops for good on an answer that retrying cannot change (a bad filter, 401, 403).
 */
export function tail(orgId: string, filters: AuditFilters, handlers: TailHandlers): () => void {
  const abort = new AbortController();
  let lastId: string | null = null;
  let retryHint = 2000;

  /** How the stream ended: "stopped" for good, "ended" after it served, "short" if it did not. */
  async function connect(): Promise<"ended" | "short" | "stopped"> {
    handlers.status({ state: "connecting" });
    const response = await fetch(`${auditPath(orgId)}/tail${query(filters, TAIL_FILTERS)}`, {
      headers: {
        "X-Aviary-Console": "1",
        Accept: "text/event-stream",
        ...(lastId === null ? {} : { "Last-Event-ID": lastId }),
      },
      credentials: "same-origin",
      cache: "no-store",
      signal: abort.signal,
    });
    if (!response.ok || !response.body) {
      const problem = await failure(response, response.url);
      // The service or the edge may be restarting or at its limit of tails: worth retrying.
      if (response.status >= 500 || response.status === 429) throw problem;
      handlers.status({ state: "failed", problem });
      return "stopped";
    }
    handlers.status({ state: "live" });
    const opened = Date.now();
    let delivered = false;
    const frames = new SseParser((frame) => {
      if (frame.id !== null) lastId = frame.id;
      if (frame.retry !== null) retryHint = frame.retry;
      if (frame.data === null) return;
      try {
        handlers.event(JSON.parse(frame.data) as AuditEvent);
        delivered = true;
      } catch {
        // Not an event: the pipeline sends nothing else, so a proxy must have; skip it.
      }
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      frames.push(decoder.decode(value, { stream: true }));
    }
    frames.push(decoder.decode());
    // A stream that served a while (the pipeline ends it when the token expires) starts the
    // backoff afresh; one that ends at once again and again keeps doubling it.
    return delivered || Date.now() - opened > 15_000 ? "ended" : "short";
  }

  (async () => {
    let attempt = 0;
    while (!abort.signal.aborted) {
      let why: string;
      try {
        const end = await connect();
        if (end === "stopped") return;
        if (end === "ended") attempt = 0;
        why = "The stream ended";
      } catch (err) {
        if (abort.signal.aborted) return;
        why = err instanceof Problem ? err.detail || err.title : "The console could not reach the server";
      }
      attempt += 1;
      const wait = backoff(attempt, retryHint);
      handlers.status({ state: "retrying", attempt, seconds: Math.round(wait / 1000), why });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        abort.signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  })();

  return () => abort.abort();
}

/** One dispatched server-sent event: null for fields it did not have. */
export interface SseFrame {
  id: string | null;
  data: string | null;
  event: string | null;
  retry: number | null;
}

/**
 * The event-stream format of the HTML standard, fed text as it arrives in chunks of any size: a
 * line, or the CR LF between two chunks, may be split anywhere. Comments are skipped; an `id:` or
 * `retry:` without data still reaches the handler so that the caller can keep them.
 */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private id: string | null = null;
  private event: string | null = null;
  private retry: number | null = null;
  private fields = false;
  private skipLf = false;

  constructor(private readonly dispatch: (frame: SseFrame) => void) {}

  push(text: string): void {
    let start = 0;
    if (this.skipLf && text.startsWith("\n")) start = 1;
    this.skipLf = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c !== "\n" && c !== "\r") continue;
      this.line(this.buffer + text.slice(start, i));
      this.buffer = "";
      if (c === "\r") {
        if (i + 1 === text.length) this.skipLf = true;
        else if (text[i + 1] === "\n") i++;
      }
      start = i + 1;
    }
    this.buffer += text.slice(start);
  }

  private line(line: string): void {
    if (line === "") {
      if (this.fields) {
        this.dispatch({
          id: this.id,
          data: this.data.length ? this.data.join("\n") : null,
          event: this.event,
          retry: this.retry,
        });
      }
      this.data = [];
      this.id = null;
      this.event = null;
      this.retry = null;
      this.fields = false;
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (name) {
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.id = value;
        break;
      case "event":
        this.event = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        return;
    }
    this.fields = true;
  }
}
