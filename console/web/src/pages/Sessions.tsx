import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, Me } from "../api";
import { Session, SessionPage, sessionsApi } from "../api/sessions";
import { messageOf } from "../components/useSubmit";
import "./sessions.css";

/** How often the list refreshes itself while the page is visible. */
const REFRESH_MS = 5000;

/**
 * Live sessions: who is connected now, over what and as whom, with a disconnect action and each
 * session's subscriptions. The list refreshes itself every few seconds while the page is visible.
 */
export function Sessions(props: { me: Me }) {
  const orgId = props.me.org_id;
  const admin = props.me.role === "admin";
  const [page, setPage] = useState<SessionPage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [idpNames, setIdpNames] = useState<Record<string, string>>({});
  const inFlight = useRef(false);
  const mounted = useRef(true);

  async function load() {
    if (inFlight.current) return;
    inFlight.current = true;
    setRefreshing(true);
    try {
      const next = await sessionsApi.list(orgId);
      if (!mounted.current) return;
      setPage(next);
      setLoadError(null);
      setUpdatedAt(new Date());
    } catch (e) {
      if (mounted.current) setLoadError(messageOf(e));
    } finally {
      inFlight.current = false;
      if (mounted.current) setRefreshing(false);
    }
  }

  useEffect(() => {
    mounted.current = true;
    load();
    // Names of the organization's identity providers, to show instead of their ids. Without them
    // (the call failed) the table shows the ids: the sessions themselves are unaffected.
    api.idps(orgId).then(
      (idps) => mounted.current && setIdpNames(Object.fromEntries(idps.map((i) => [i.id, i.name]))),
      () => undefined,
    );
    const timer = window.setInterval(() => {
      if (!document.hidden) load();
    }, REFRESH_MS);
    const onVisible = () => {
      if (!document.hidden) load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      mounted.current = false;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [orgId]);

  async function disconnect(s: Session, discard: boolean) {
    const question = !s.connected
      ? `Discard the offline session of ${s.client_id}? Its subscriptions and queued messages are dropped.`
      : discard
        ? `Disconnect ${s.client_id} and discard its session? Its subscriptions and queued messages are dropped.`
        : `Disconnect ${s.client_id}? It may reconnect with a valid credential.`;
    if (!confirm(question)) return;
    try {
      await sessionsApi.disconnect(orgId, s.client_id, discard || !s.connected);
      setStatus(
        s.connected ? `Disconnected ${s.client_id}.` : `Discarded the session of ${s.client_id}.`,
      );
      if (open === s.client_id && (discard || !s.connected)) setOpen(null);
      await load();
    } catch (e) {
      setLoadError(messageOf(e));
    }
  }

  const sessions = page?.sessions ?? [];
  return (
    <main class="sessions">
      <h1>Sessions</h1>
      <p>
        Clients connected to the broker now, and persistent sessions waiting for their client. The list
        refreshes every {REFRESH_MS / 1000} seconds while this page is visible.
      </p>
      <div class="sessions-toolbar">
        {/* Never disabled: the quiet refresh must not take the focus away from the button. */}
        <button type="button" onClick={load} aria-busy={refreshing}>
          Refresh
        </button>
        {updatedAt && (
          <span class="sessions-updated">
            Updated <time dateTime={updatedAt.toISOString()}>{updatedAt.toLocaleTimeString()}</time>
          </span>
        )}
      </div>
      {!admin && <p class="hint">Only an admin of the organization can disconnect clients.</p>}
      <p class={status ? "notice" : "visually-hidden"} role="status" aria-live="polite">
        {status ?? ""}
      </p>
      {loadError && (
        <p class="form-error" role="alert">
          {loadError}
        </p>
      )}
      {page === null && !loadError && <p aria-busy="true">Loading…</p>}
      {page !== null && sessions.length === 0 && (
        <p class="sessions-empty">
          No sessions. Clients that connect with a credential of this organization appear here.
        </p>
      )}
      {sessions.length > 0 && (
        <div class="sessions-scroll">
          <table>
            <caption class="visually-hidden">Sessions of this organization</caption>
            <thead>
              <tr>
                <th scope="col">Client id</th>
                <th scope="col">Identity</th>
                <th scope="col">IdP</th>
                <th scope="col">Transport</th>
                <th scope="col">MQTT</th>
                <th scope="col">TLS</th>
                <th scope="col">Since</th>
                <th scope="col">Subscriptions</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <Fragment key={s.client_id}>
                  <tr data-testid="session-row" class={s.connected ? undefined : "offline"}>
                    <td data-testid="session-client-id">
                      <code>{s.client_id}</code>
                    </td>
                    <td>{identity(s)}</td>
                    <td>{credential(s, idpNames)}</td>
                    <td>{s.transport ?? "—"}</td>
                    <td>{s.mqtt_version ?? "—"}</td>
                    <td>
                      {s.tls_version ? (
                        <abbr title={s.tls_cipher ?? undefined}>{s.tls_version}</abbr>
                      ) : s.connected ? (
                        "none"
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{since(s)}</td>
                    <td>{s.subscription_count}</td>
                    <td>
                      <div class="sessions-actions">
                        <button
                          type="button"
                          class="link"
                          aria-expanded={open === s.client_id}
                          aria-controls={detailsId(s)}
                          onClick={() => setOpen(open === s.client_id ? null : s.client_id)}
                        >
                          {open === s.client_id ? "Hide details" : "Details"}
                          <span class="visually-hidden"> of {s.client_id}</span>
                        </button>
                        {admin && (
                          <button
                            type="button"
                            class="danger"
                            onClick={() => disconnect(s, false)}
                            aria-label={s.connected ? `Disconnect ${s.client_id}` : `Discard ${s.client_id}`}
                          >
                            {s.connected ? "Disconnect" : "Discard"}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                  {open === s.client_id && (
                    <tr class="sessions-details-row">
                      <td colSpan={9} id={detailsId(s)}>
                        <SessionDetails
                          orgId={orgId}
                          clientId={s.client_id}
                          admin={admin}
                          onDiscard={(current) => disconnect(current, true)}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page?.next_after && (
        <p class="hint">
          Showing the first {sessions.length} sessions in client-id order; the API pages through the
          rest (<code>?after=</code>).
        </p>
      )}
    </main>
  );
}

/** One session read afresh, with its subscriptions and connection facts. */
function SessionDetails(props: {
  orgId: string;
  clientId: string;
  admin: boolean;
  onDiscard: (s: Session) => void;
}) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    sessionsApi.get(props.orgId, props.clientId).then(
      (s) => live && setSession(s),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [props.orgId, props.clientId]);

  if (error) {
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  }
  if (session === null) return <p aria-busy="true">Loading…</p>;
  const subscriptions = session.subscriptions ?? [];
  return (
    <div class="sessions-details">
      <dl class="facts">
        <dt>Username</dt>
        <dd>{session.username ?? "—"}</dd>
        <dt>From</dt>
        <dd>{session.origin_ip ? `${session.origin_ip}:${session.origin_port}` : "—"}</dd>
        <dt>Listener</dt>
        <dd>{session.listener ?? "—"}</dd>
        <dt>TLS cipher</dt>
        <dd>{session.tls_cipher ?? "—"}</dd>
        <dt>Keep-alive</dt>
        <dd>{session.keep_alive === null ? "—" : `${session.keep_alive} s`}</dd>
        <dt>Clean start</dt>
        <dd>{session.clean_start === null ? "—" : session.clean_start ? "yes" : "no"}</dd>
        <dt>Session expiry</dt>
        <dd>
          {session.session_expiry_interval === 0
            ? "ends with the connection"
            : `${session.session_expiry_interval} s after disconnect`}
        </dd>
        <dt>Credential expires</dt>
        <dd>{session.credential_expires_at ? when(session.credential_expires_at) : "—"}</dd>
        <dt>Queued / in flight</dt>
        <dd>
          {session.queued_messages} / {session.inflight_messages}
        </dd>
        <dt>Node</dt>
        <dd>{session.node_id}</dd>
      </dl>
      {session.bindings && (
        <>
          <h3>Identity bindings</h3>
          <dl class="facts">
            {Object.entries(session.bindings).map(([name, values]) => (
              <Fragment key={name}>
                <dt>
                  <code>{`{${name}}`}</code>
                </dt>
                <dd>{values.join(", ")}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}
      <h3>Subscriptions</h3>
      {subscriptions.length === 0 ? (
        <p>No subscriptions.</p>
      ) : (
        <table class="sessions-subscriptions">
          <caption class="visually-hidden">Subscriptions of {session.client_id}</caption>
          <thead>
            <tr>
              <th scope="col">Filter</th>
              <th scope="col">Shared group</th>
              <th scope="col">QoS</th>
              <th scope="col">Options</th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((sub) => (
              <tr key={`${sub.shared_group ?? ""}/${sub.filter}`}>
                <td>
                  <code>{sub.filter}</code>
                </td>
                <td>{sub.shared_group ?? "—"}</td>
                <td>{sub.qos}</td>
                <td>{options(sub) || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.admin && session.connected && session.session_expiry_interval > 0 && (
        <p>
          <button
            type="button"
            class="danger"
            onClick={() => props.onDiscard(session)}
            aria-label={`Disconnect ${session.client_id} and discard its session`}
          >
            Disconnect and discard session
          </button>
        </p>
      )}
    </div>
  );
}

function detailsId(s: Session): string {
  return `session-details-${encodeURIComponent(s.client_id).replace(/%/g, "_")}`;
}

/** Who the client is: its principal, and the email the ACL sees if there is one. */
function identity(s: Session) {
  if (!s.connected) return <span class="muted">offline</span>;
  const email = s.bindings?.email?.[0];
  return (
    <>
      {s.principal}
      {email && email !== s.principal && <span class="sessions-sub">{email}</span>}
    </>
  );
}

function credential(s: Session, idpNames: Record<string, string>): string {
  switch (s.credential) {
    case null:
      return "—";
    case "jwt":
      return s.idp_id ? (idpNames[s.idp_id] ?? s.idp_id) : "JWT";
    case "platform":
      return "platform credential";
    case "certificate":
      return "client certificate";
    default:
      return s.credential;
  }
}

function since(s: Session) {
  const iso = s.connected ? s.connected_at : s.disconnected_at;
  if (!iso) return "—";
  return (
    <time dateTime={iso} title={iso}>
      {s.connected ? "" : "offline since "}
      {when(iso)}
    </time>
  );
}

function options(sub: {
  no_local: boolean;
  retain_as_published: boolean;
  retain_handling: number;
  subscription_identifier: number | null;
}): string {
  const parts: string[] = [];
  if (sub.no_local) parts.push("no local");
  if (sub.retain_as_published) parts.push("retain as published");
  if (sub.retain_handling === 1) parts.push("retained only if new");
  if (sub.retain_handling === 2) parts.push("no retained");
  if (sub.subscription_identifier !== null) parts.push(`id ${sub.subscription_identifier}`);
  return parts.join(", ");
}

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}
