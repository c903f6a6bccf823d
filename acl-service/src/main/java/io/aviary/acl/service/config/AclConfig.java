package io.aviary.acl.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every {@code aviary.*} setting of the ACL service, each with its default and one line of doc. The
 * audit outbox's keys ({@code aviary.audit.*}, {@code aviary.node-id}) are service-common's {@code
 * AuditOutboxConfig}.
 */
@ConfigMapping(prefix = "aviary")
public interface AclConfig {

  /** Development mode: Swagger UI, a generated internal token when none is configured. */
  @WithDefault("false")
  boolean devMode();

  /** Data directory: the dev internal token (shared with tenant-api under ./aviary dev). */
  @WithDefault("./data")
  Path dataDir();

  /** tenant-api's base URL; the issuer and JWK Set of platform tokens default to it. */
  String tenantApiUrl();

  /** How platform access tokens are verified (mp.jwt.verify.* are set from these). */
  Platform platform();

  /** The broker-facing internal API. */
  Internal internal();

  /** Policy limits. */
  Acl acl();

  /** How platform access tokens are verified. */
  interface Platform {
    /** The {@code iss} tenant-api signs with ({@code aviary.platform.issuer} there). */
    String issuer();

    /**
     * tenant-api's JWK Set, fetched and cached; defaults to {@code
     * <tenant-api-url>/.well-known/jwks.json}.
     */
    String jwksUri();
  }

  /** The broker-facing internal API. */
  interface Internal {
    /**
     * Shared bearer token brokers present on {@code /internal/v1}; required outside dev mode (dev
     * mode generates one into {@code <data-dir>/internal-token}).
     */
    Optional<String> token();
  }

  /** Policy limits. */
  interface Acl {
    /** Most cases one simulate/batch or diff request may carry. */
    @WithDefault("1000")
    int maxBatchCases();

    /** Most versions one page of the version list shows (newest first). */
    @WithDefault("100")
    int maxListedVersions();
  }
}
