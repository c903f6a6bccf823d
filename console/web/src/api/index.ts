// Calls to the platform's public REST API through the console's edge (same origin). The session is
// an HttpOnly cookie the page cannot read; every call carries the console header, which the edge
// requires before it uses the cookie.
//
// Response types come from the services' OpenAPI documents (console/web/openapi, checked against
// the live services by their tests), through the types `npm run generate` writes to ./generated.
// The few written here by hand are listed, with the reason, in docs/adr/0004.

import type { components } from "./generated/tenant-api";

/** tenant-api's schemas, by their OpenAPI names. */
type Tenant = components["schemas"];

/** A field error of a problem+json answer: an RFC 6901 pointer into the request body. */
export interface FieldError {
  pointer: string;
  detail: string;
  line?: number;
  column?: number;
}

/** An error answer, as every Aviary service writes it (RFC 9457 problem+json). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }

  /** The detail for a body field, by its JSON pointer (e.g. "/email"). */
  forField(pointer: string): string | undefined {
    return this.errors.find((e) => e.pointer === pointer)?.detail;
  }
}

/** Called when any call answers 401: the session is over. */
let onSessionExpired: () => void = () => {};
export function whenSessionExpires(handler: () => void) {
  onSessionExpired = handler;
}

/** How a call sends its body and reads its answer, beyond plain JSON both ways. */
export interface CallOptions {
  /** A body sent verbatim as JSON text (e.g. a policy as the user typed it), instead of `body`. */
  raw?: string;
  /** Further request headers, e.g. If-Match. */
  headers?: Record<string, string>;
  /** Answer with the response's text instead of parsing it. */
  text?: boolean;
}

export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<T> {
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(path, {
    method,
    headers: {
      "X-Aviary-Console": "1",
      Accept: "application/json, application/problem+json",
      ...(payload === undefined ? {} : { "Content-Type": "application/json" }),
      ...options.headers,
    },
    body: payload,
    credentials: "same-origin",
  });
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (options.text ? await response.text() : await response.json()) as T;
  }
  throw await failure(response, path);
}

/**
 * The problem of a failed answer to `path`, for calls that read their answer themselves (a
 * download, a stream); a 401 ends the console's session, as for every call.
 */
export async function failure(response: Response, path: string): Promise<Problem> {
  const problem = await readProblem(response);
  // A refused log-in or sign-in is not the end of a session.
  if (response.status === 401 && !path.startsWith("/console/v1/session") && !path.startsWith("/console/v1/oidc")) {
    onSessionExpired();
  }
  return problem;
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const p = await response.json();
    return new Problem(
      response.status,
      String(p.title ?? response.statusText),
      String(p.detail ?? ""),
      Array.isArray(p.errors) ? p.errors : [],
    );
  } catch {
    return new Problem(response.status, response.statusText || "Error", `HTTP ${response.status}`);
  }
}

// The edge's own answers (/console/v1): the console module publishes no OpenAPI document.

/** Who is logged in. */
export interface Me {
  org_id: string;
  user_id: string;
  email: string | null;
  role: string | null;
  expires_at: string;
}

export interface Info {
  mqtt_tls_url: string;
  mqtt_wss_url: string;
  ca_url: string | null;
}

export type SignupResponse = Tenant["SignupResponse"];

/** How console users sign in here: password, the platform's OIDC provider, or both. */
export type AuthMethods = Tenant["AuthMethods"];

/** A sign-in started at the platform's OIDC provider: where the browser goes. */
export interface OidcStart {
  authorization_url: string;
}

/** A finished sign-in: the page to go on to. */
export interface OidcDone {
  next: string;
}

/** An API key as listed; `key` only in the answer that created it. */
export type ApiKey = Tenant["ApiKeyView"];

// The IdP presets and the probe report are the identity module's records, whose document does not
// say yet which fields may be null: written here, and checked against the document in checks.ts.

export interface PresetField {
  name: string;
  label: string;
  required: boolean;
  example: string | null;
  help: string | null;
}

export interface Preset {
  code: string;
  display_name: string;
  fields: PresetField[];
  warnings: string[];
}

export type Idp = Tenant["IdpView"];

export interface ProbeReport {
  ok: boolean;
  issuer: string | null;
  jwks_uri: string | null;
  keys: { kid: string | null; kty: string; alg: string | null; usable: boolean; note: string | null }[];
  supported_algorithms: string[];
  problems: string[];
}

export type TokenTestResult = Tenant["TokenTestResult"];

export type Member = Tenant["MemberView"];

/** The path of an organization's resources. */
export const orgPath = (id: string) => `/api/v1/orgs/${encodeURIComponent(id)}`;
const org = orgPath;

/** An open invitation as listed; never its link. */
export type Invitation = Tenant["InvitationView"];

/** A new invitation: the only answer that carries its link. */
export type InvitationCreated = Tenant["InvitationCreated"];

/** What an invitation link offers. */
export type InvitationDetails = Tenant["InvitationDetails"];

export const api = {
  signUp: (organizationName: string, email: string, password: string) =>
    call<SignupResponse>("POST", "/api/v1/signup", {
      organization_name: organizationName,
      email,
      password,
    }),
  logIn: (email: string, password: string) =>
    call<void>("POST", "/console/v1/session", { email, password }),
  logOut: () => call<void>("DELETE", "/console/v1/session"),
  authMethods: () => call<AuthMethods>("GET", "/api/v1/auth/methods"),
  /** Starts a sign-in at the OIDC provider, to go on to `next`, accepting `invitation` if given. */
  startOidc: (next: string, invitation?: string) =>
    call<OidcStart>("POST", "/console/v1/oidc/start", { next, invitation }),
  finishOidc: (code: string, state: string) => call<OidcDone>("POST", "/console/v1/oidc/callback", { code, state }),
  me: () => call<Me>("GET", "/console/v1/session"),
  info: () => call<Info>("GET", "/console/v1/info"),
  apiKeys: (orgId: string) => call<ApiKey[]>("GET", `${org(orgId)}/api-keys`),
  createApiKey: (orgId: string, name: string, role: string) =>
    call<ApiKey>("POST", `${org(orgId)}/api-keys`, { name, role }),
  members: (orgId: string) => call<Member[]>("GET", `${org(orgId)}/members`),
  addMember: (orgId: string, email: string, password: string, role: string) =>
    call<Member>("POST", `${org(orgId)}/members`, { email, password, role }),
  invitations: (orgId: string) => call<Invitation[]>("GET", `${org(orgId)}/invitations`),
  invite: (orgId: string, email: string, role: string) =>
    call<InvitationCreated>("POST", `${org(orgId)}/invitations`, { email, role }),
  revokeInvitation: (orgId: string, id: string) =>
    call<void>("DELETE", `${org(orgId)}/invitations/${encodeURIComponent(id)}`),
  lookUpInvitation: (token: string) => call<InvitationDetails>("POST", "/api/v1/invitations/lookup", { token }),
  acceptInvitation: (token: string, password: string) =>
    call<SignupResponse>("POST", "/api/v1/invitations/accept", { token, password }),
  presets: () => call<Preset[]>("GET", "/api/v1/idp-presets"),
  idps: (orgId: string) => call<Idp[]>("GET", `${org(orgId)}/idps`),
  createIdp: (orgId: string, name: string, preset: string, inputs: Record<string, string>) =>
    call<Idp>("POST", `${org(orgId)}/idps`, { name, preset, inputs }),
  deleteIdp: (orgId: string, id: string) =>
    call<void>("DELETE", `${org(orgId)}/idps/${encodeURIComponent(id)}`),
  testIdp: (orgId: string, id: string) =>
    call<ProbeReport>("POST", `${org(orgId)}/idps/${encodeURIComponent(id)}/test`),
  testToken: (orgId: string, token: string) =>
    call<TokenTestResult>("POST", `${org(orgId)}/idps/test-token`, { token }),
  revokeApiKey: (orgId: string, id: string) =>
    call<void>("DELETE", `${org(orgId)}/api-keys/${encodeURIComponent(id)}`),
};
