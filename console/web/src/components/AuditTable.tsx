import type { JSX } from "preact";
import { AuditEvent } from "../api/audit";

/**
 * Audit events as table rows, one column per field a reader filters or scans by. Each row is
 * `data-testid="audit-row"`, and its cells carry the field's name (`data-field`), so that a test
 * finds e.g. a denied subscribe by its type, action and verdict cells. No event has a payload.
 */
export function AuditTable(props: { events: AuditEvent[]; caption: string }): JSX.Element {
  return (
    <div class="audit-scroll" tabIndex={0} role="region" aria-label={props.caption}>
      <table class="audit-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Client id</th>
            <th scope="col">Identity</th>
            <th scope="col">Action</th>
            <th scope="col">Topic</th>
            <th scope="col">Verdict</th>
            <th scope="col">Reason</th>
            <th scope="col">Rule / policy</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((e) => (
            <tr key={e.event_id} data-testid="audit-row" class={e.verdict === "deny" || e.type === "auth_failure" ? "refused" : undefined}>
              <td data-field="time">
                <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time>
              </td>
              <td data-field="type">{e.type}</td>
              <td data-field="client_id">{text(e.client_id)}</td>
              <td data-field="identity">{text(identity(e))}</td>
              <td data-field="action">{text(action(e))}</td>
              <td data-field="topic">{topic(e) ? <code>{topic(e)}</code> : ""}</td>
              <td data-field="verdict">{e.verdict ? <span class={`audit-verdict-${e.verdict}`}>{e.verdict}</span> : ""}</td>
              <td data-field="reason">{text(e.reason ?? e.limit)}</td>
              <td data-field="rule">{ruleAndPolicy(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who: the principal of client events, the username as sent of an auth failure, a change's actor. */
function identity(e: AuditEvent): string | null | undefined {
  return e.principal ?? e.username ?? e.actor;
}

/** What was done: a verdict's action, a disconnect's kind, an IdP change. */
function action(e: AuditEvent): string | null | undefined {
  return e.action ?? e.kind ?? e.change;
}

/** The topic of a verdict, or the filter of a (un)subscription, as the client saw it. */
function topic(e: AuditEvent): string | null | undefined {
  return e.topic ?? e.filter;
}

function ruleAndPolicy(e: AuditEvent): string {
  const parts: string[] = [];
  if (e.rule) parts.push(e.rule);
  if (e.policy_version !== undefined && e.policy_version !== null) parts.push(`v${e.policy_version}`);
  return parts.join(" · ");
}

function text(value: string | null | undefined): string {
  return value ?? "";
}
