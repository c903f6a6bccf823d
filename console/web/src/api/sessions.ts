// broker-node: the organization's live sessions (who is connected, over what, with which identity)
// and the administrator's disconnect. See broker-node/README.md for every field. One node answers
// for itself until the brokers are clustered.

import { call, orgPath } from "./index";

/** One subscription, with its filter as the client wrote it (no organization prefix). */
export interface SessionSubscription {
  filter: string;
  shared_group: string | null;
  qos: 0 | 1 | 2;
  no_local: boolean;
  retain_as_published: boolean;
  retain_handling: 0 | 1 | 2;
  subscription_identifier: number | null;
}

/** How the client proved who it is. */
export type CredentialKind = "jwt" | "platform" | "certificate" | "anonymous";

/**
 * A session on a broker node. Connection fields are null when the session is held offline
 * (`connected: false`, a persistent session waiting for its client).
 */
export interface Session {
  client_id: string;
  connected: boolean;
  node_id: string;
  username: string | null;
  principal: string | null;
  bindings: Record<string, string[]> | null;
  credential: CredentialKind | null;
  idp_id: string | null;
  listener: string | null;
  transport: "tcp" | "tls" | "ws" | "wss" | null;
  mqtt_version: "3.1" | "3.1.1" | "5.0" | null;
  tls_version: string | null;
  tls_cipher: string | null;
  origin_ip: string | null;
  origin_port: number | null;
  connected_at: string | null;
  credential_expires_at: string | null;
  keep_alive: number | null;
  clean_start: boolean | null;
  session_expiry_interval: number;
  disconnected_at: string | null;
  subscription_count: number;
  queued_messages: number;
  inflight_messages: number;
  /** Only in the answer for one session. */
  subscriptions?: SessionSubscription[];
}

/** A page of sessions in client-id order; `next_after` continues it, null on the last page. */
export interface SessionPage {
  sessions: Session[];
  next_after: string | null;
}

const sessions = (orgId: string) => `${orgPath(orgId)}/sessions`;
const one = (orgId: string, clientId: string) =>
  `${sessions(orgId)}/${encodeURIComponent(clientId)}`;

export const sessionsApi = {
  list: (orgId: string, after?: string) =>
    call<SessionPage>(
      "GET",
      after === undefined ? sessions(orgId) : `${sessions(orgId)}?after=${encodeURIComponent(after)}`,
    ),
  get: (orgId: string, clientId: string) => call<Session>("GET", one(orgId, clientId)),
  /** Disconnects the client (MQTT 5: reason 0x98); with `discard`, its session ends too. */
  disconnect: (orgId: string, clientId: string, discard = false) =>
    call<void>("DELETE", discard ? `${one(orgId, clientId)}?discard=true` : one(orgId, clientId)),
};
