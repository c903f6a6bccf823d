package io.aviary.acl.service.policy;

import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;

/**
 * A policy version of an organization as stored.
 *
 * @param orgId the organization
 * @param version its number; 0 is the built-in Blank (deny-all) policy every organization has
 * @param document the ACL v2 document exactly as it was sent (Blank: its canonical form)
 */
public record StoredPolicy(String orgId, int version, String document) {

  /** The Blank template's document, the policy of every organization until it activates one. */
  public static StoredPolicy blank(String orgId) {
    return new StoredPolicy(orgId, 0, BlankDocument.TEXT);
  }

  /** Holds the Blank document, written once on first use. */
  private static final class BlankDocument {
    static final String TEXT = PolicyDocument.write(Templates.blank());
  }
}
