package io.aviary.node.acl;

import io.aviary.acl.CompiledPolicy;
import io.aviary.acl.ParseResult;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;

/**
 * An organization's active ACL v2 policy, compiled once and shared by its sessions.
 *
 * @param version the policy version (0 for the Blank policy of an organization that has none)
 * @param compiled the policy, ready to bind to sessions
 */
public record OrgPolicy(long version, CompiledPolicy compiled) {
  /** Deny everything: what an organization has until it activates a policy of its own. */
  public static final OrgPolicy BLANK = new OrgPolicy(0, CompiledPolicy.compile(Templates.blank()));

  /** Allow everything, for the test-only anonymous organization. */
  public static final OrgPolicy PERMIT_ALL =
      new OrgPolicy(
          0, CompiledPolicy.compile(Templates.get(Templates.PERMIT_ALL_ID).orElseThrow().policy()));

  /**
   * Reads a policy document from {@code origin} (for the error).
   *
   * @throws IllegalArgumentException listing the problems when the document is not valid; a broker
   *     never enforces a policy that acl-service would have refused
   */
  public static OrgPolicy parse(long version, String document, String origin) {
    ParseResult parsed = PolicyDocument.parse(document);
    if (!parsed.valid()) {
      throw new IllegalArgumentException(
          origin + " is not a valid ACL v2 policy: " + parsed.errors());
    }
    return new OrgPolicy(version, CompiledPolicy.compile(parsed.policy()));
  }
}
