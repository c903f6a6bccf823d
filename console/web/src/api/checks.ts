// Compile-time checks of the API types still written by hand against the services' OpenAPI
// documents. Nothing imports this file; `tsc --noEmit` (the build's type check) checks it like any
// other. Each line fails when the service stops sending a field the console reads, or sends it
// with another type. What the documents cannot say yet (which fields may be null) stays wider
// here: a document's `string` satisfies a hand-written `string | null`.

import type { components as AclSchemas } from "./generated/acl-service";
import type { paths as AuditPaths } from "./generated/audit-pipeline";
import type { components as TenantSchemas } from "./generated/tenant-api";
import type { Preset, PresetField, ProbeReport } from "./index";
import type { AuditFilters } from "./audit";
import type { Stored } from "./acl";

/** Compiles only when the document's type `Sent` gives everything the console's type `Read` has. */
type Conforms<Sent extends Read, Read> = Sent;

type Tenant = TenantSchemas["schemas"];

/** Compiles only when every name in `Sent` is one of the operation's parameters `Taken`. */
type Accepts<Taken, Sent extends Taken> = Sent;

/** The query parameters of an operation; none (rather than any) when it takes none. */
type Query<Op> = Op extends { parameters: { query?: infer Q } }
  ? [NonNullable<Q>] extends [never]
    ? Record<never, never>
    : NonNullable<Q>
  : Record<never, never>;

export type TenantChecks = [
  Conforms<Tenant["Description"], Preset>,
  Conforms<Tenant["PresetField"], PresetField>,
  Conforms<Tenant["ProbeReport"], ProbeReport>,
];

export type AclChecks = [Conforms<AclSchemas["schemas"]["Stored"], Pick<Stored, "version" | "active">>];

/** The listing and the export take every filter the page offers. */
export type AuditChecks = [
  Accepts<keyof Query<AuditPaths["/api/v1/orgs/{org}/audit/events"]["get"]>, keyof AuditFilters>,
  Accepts<keyof Query<AuditPaths["/api/v1/orgs/{org}/audit/export"]["get"]>, keyof AuditFilters>,
];
