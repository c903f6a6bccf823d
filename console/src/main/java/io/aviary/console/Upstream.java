package io.aviary.console;

import java.util.regex.Pattern;

/**
 * The service that owns a public path. The paths of the services do not overlap but cannot be told
 * apart by a prefix ({@code /api/v1/orgs/{org}/acl} against {@code /api/v1/orgs/{org}/idps}), which
 * is why the edge routes them rather than an Ingress.
 */
public enum Upstream {
  TENANT_API,
  ACL_SERVICE,
  AUDIT_PIPELINE,
  /** broker-node: it owns sessions, so it answers for them (one node until clustering). */
  BROKER;

  private static final Pattern ACL = Pattern.compile("^/api/v1/(orgs/[^/]+/)?acl(/.*)?$");
  private static final Pattern AUDIT = Pattern.compile("^/api/v1/orgs/[^/]+/audit(/.*)?$");
  private static final Pattern SESSIONS = Pattern.compile("^/api/v1/orgs/[^/]+/sessions(/.*)?$");

  /**
   * The owner of {@code path} (without query), one under {@code /api/v1} or {@code /.well-known}.
   */
  public static Upstream of(String path) {
    if (ACL.matcher(path).matches()) {
      return ACL_SERVICE;
    }
    if (AUDIT.matcher(path).matches()) {
      return AUDIT_PIPELINE;
    }
    if (SESSIONS.matcher(path).matches()) {
      return BROKER;
    }
    return TENANT_API;
  }
}
