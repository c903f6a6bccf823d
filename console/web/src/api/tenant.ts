// tenant-api: service accounts (MQTT identities for machines, with short-lived platform
// credentials), the organization's CA for client certificates, and revoked certificate serials.

import type { components } from "./generated/tenant-api";
import { call, orgPath, Problem } from "./index";

type Schemas = components["schemas"];

/** A service account as listed; `username` (`<sa_id>@<org_id>`) is the MQTT username of its credentials. */
export type ServiceAccount = Schemas["ServiceAccountView"];

/** An MQTT credential: answered once, never stored by Aviary. `password` is a platform JWT. */
export type Credential = Schemas["CredentialView"];

/** One certificate of the organization's CA bundle. */
export type CaCertificate = Schemas["CertificateInfo"];

/** The organization's CA bundle, with its canonical PEM text. */
export type OrgCa = Schemas["CaView"];

/** A revoked client certificate, by serial (lower-case hex without leading zeros). */
export type Revocation = Schemas["RevocationView"];

/** RFC 5280 §5.3.1 reasons, as the API names them; `unspecified` is its default. */
export const REVOCATION_REASONS = [
  "unspecified",
  "key_compromise",
  "ca_compromise",
  "affiliation_changed",
  "superseded",
  "cessation_of_operation",
  "certificate_hold",
  "privilege_withdrawn",
  "aa_compromise",
] as const;

/** The largest PEM text tenant-api accepts (256 KiB). */
export const MAX_PEM_CHARS = 256 * 1024;

const accounts = (orgId: string) => `${orgPath(orgId)}/service-accounts`;
const account = (orgId: string, id: string) => `${accounts(orgId)}/${encodeURIComponent(id)}`;
const revocations = (orgId: string) => `${orgPath(orgId)}/certificates/revocations`;

export const tenantApi = {
  serviceAccounts: (orgId: string) => call<ServiceAccount[]>("GET", accounts(orgId)),
  createServiceAccount: (orgId: string, name: string, description: string | null) =>
    call<ServiceAccount>("POST", accounts(orgId), { name, description }),
  deleteServiceAccount: (orgId: string, id: string) => call<void>("DELETE", account(orgId, id)),
  /** The body is always sent (tenant-api answers 415 to a POST without a JSON content type). */
  issueCredential: (orgId: string, id: string, ttlSeconds: number) =>
    call<Credential>("POST", `${account(orgId, id)}/credentials`, { ttl_seconds: ttlSeconds }),

  /** The organization's CA, or null when it has none (tenant-api answers 404). */
  ca: (orgId: string) =>
    call<OrgCa>("GET", `${orgPath(orgId)}/ca`).catch((e: unknown) => {
      if (e instanceof Problem && e.status === 404) return null;
      throw e;
    }),
  setCa: (orgId: string, pem: string) => call<OrgCa>("PUT", `${orgPath(orgId)}/ca`, { pem }),
  removeCa: (orgId: string) => call<void>("DELETE", `${orgPath(orgId)}/ca`),

  revocations: (orgId: string) => call<Revocation[]>("GET", revocations(orgId)),
  revoke: (orgId: string, serial: string, reason: string, issuer: string | null) =>
    call<Revocation>("POST", revocations(orgId), { serial, reason, issuer }),
  unrevoke: (orgId: string, serial: string) =>
    call<void>("DELETE", `${revocations(orgId)}/${encodeURIComponent(serial)}`),
};
