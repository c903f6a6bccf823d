// acl-service: the organization's ACL v2 policy, its versions, templates and the policy tools
// (validate, simulate, diff). See docs/acl.md for the document format.

import type { components } from "./generated/acl-service";
import { call, orgPath } from "./index";

// The version list comes from acl-service's OpenAPI document. The policy tools (validate,
// simulate, diff), the templates and the stored answer's warnings are JSON trees the service builds
// by hand, which its document describes only in prose: their types are written here.

/** A validation message, pinned to the document's text. */
export interface PolicyProblem {
  severity: "error" | "warning";
  pointer: string;
  line: number;
  column: number;
  message: string;
}

export interface Validation {
  valid: boolean;
  problems: PolicyProblem[];
}

export interface Template {
  id: string;
  name: string;
  description: string;
  policy: unknown;
}

export type PolicyVersion = components["schemas"]["VersionView"];

export type VersionList = components["schemas"]["VersionList"];

export interface Stored {
  version: number;
  active: boolean;
  warnings: PolicyProblem[];
}

/** One simulated publish or subscribe. */
export interface Case {
  identity: Record<string, string | string[]>;
  action: "publish" | "subscribe";
  topic: string;
  qos?: number;
  retain?: boolean;
}

export interface Simulation {
  verdict: "allow" | "deny";
  qos: number;
  rule: string;
  rule_index?: number;
  reason: string;
  bound_topic: string | null;
  trace: { rule: string; rule_index: number; outcome: string; detail: string }[];
}

/** A rule as the document has it, plus its position. */
export interface RuleView {
  index: number;
  name?: string;
  topic: string;
  action: string;
  effect: string;
  priority?: number;
  [field: string]: unknown;
}

export interface Diff {
  default_changed: boolean;
  rules: { kind: "added" | "removed" | "changed"; from: RuleView | null; to: RuleView | null }[];
  decisions: { probe: Case; from: Simulation; to: Simulation }[];
}

const acl = (orgId: string) => `${orgPath(orgId)}/acl`;

export const aclApi = {
  templates: () => call<Template[]>("GET", "/api/v1/acl/templates"),
  versions: (orgId: string) => call<VersionList>("GET", `${acl(orgId)}/versions`),
  /** A stored version's document, as it was stored (0 is the built-in Blank policy). */
  versionText: (orgId: string, version: number) =>
    call<string>("GET", `${acl(orgId)}/versions/${version}`, undefined, { text: true }),
  /** Validates the text as typed, so problems point at the editor's lines and columns. */
  validate: (orgId: string, text: string) =>
    call<Validation>("POST", `${acl(orgId)}/validate`, undefined, { raw: text }),
  /**
   * Stores the text as the next version, activated unless `activate` is false, only while
   * `activeVersion` is still the active one (412 when someone else changed it meanwhile).
   */
  store: (orgId: string, text: string, activeVersion: number, activate: boolean, comment: string) => {
    const query = new URLSearchParams({ activate: String(activate) });
    if (comment.trim()) query.set("comment", comment.trim());
    return call<Stored>("PUT", `${acl(orgId)}?${query}`, undefined, {
      raw: text,
      headers: { "If-Match": `"${activeVersion}"` },
    });
  },
  /** Activates a stored version (rolling back is activating an older one). */
  activate: (orgId: string, version: number, activeVersion: number) =>
    call<{ active_version: number }>("POST", `${acl(orgId)}/versions/${version}/activate`, undefined, {
      headers: { "If-Match": `"${activeVersion}"` },
    }),
  /** Simulates one case against `policy` (a valid draft's text) or, when null, the active policy. */
  simulate: (orgId: string, c: Case, policy: string | null) =>
    call<Simulation>("POST", `${acl(orgId)}/simulate`, policy === null ? c : { ...c, policy: JSON.parse(policy) }),
  /** What changes from the active policy to `policy` (a valid draft's text), for its rules and `cases`. */
  diff: (orgId: string, policy: string, cases: Case[]) =>
    call<Diff>("POST", `${acl(orgId)}/diff`, { to: JSON.parse(policy), cases }),
};
