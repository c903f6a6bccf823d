package io.aviary.tenant.serviceaccount;

import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import io.aviary.service.secret.RandomIds;
import io.aviary.tenant.auth.IssuedToken;
import io.aviary.tenant.auth.TokenIssuer;
import io.aviary.tenant.change.ChangeKind;
import io.aviary.tenant.change.ConfigChanges;
import io.aviary.tenant.config.TenantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Service accounts and their platform credentials. */
@ApplicationScoped
public class ServiceAccountService {

  /** Prefix of service-account ids. */
  public static final String PREFIX = "sa_";

  /** Longest credential outside dev mode, whatever the configuration says. */
  static final Duration HARD_MAX_TTL = Duration.ofHours(24);

  static final int MAX_PER_ORG = 1000;

  private final TenantConfig config;
  private final ConfigChanges changes;
  private final TokenIssuer tokens;

  public ServiceAccountService(TenantConfig config, ConfigChanges changes, TokenIssuer tokens) {
    this.config = config;
    this.changes = changes;
    this.tokens = tokens;
  }

  @Transactional
  public ServiceAccount create(String orgId, String name, String description) {
    String n = name.strip();
    if (ServiceAccount.byName(orgId, n).isPresent()) {
      throw ProblemException.conflict(
          "name", "A service account named '" + n + "' already exists.");
    }
    if (ServiceAccount.count("orgId", orgId) >= MAX_PER_ORG) {
      throw new ProblemException(
          ProblemCode.LIMIT_EXCEEDED,
          "An organization may have at most " + MAX_PER_ORG + " service accounts.");
    }
    ServiceAccount sa = new ServiceAccount();
    sa.id = RandomIds.id(PREFIX);
    sa.orgId = orgId;
    sa.name = n;
    sa.description = description;
    sa.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    sa.persist();
    // Brokers accept platform credentials only for service accounts in the broker-config.
    changes.record(orgId, ChangeKind.ORG_CHANGED);
    return sa;
  }

  public ServiceAccount get(String orgId, String id) {
    ServiceAccount sa = ServiceAccount.findById(id);
    if (sa == null || !sa.orgId.equals(orgId)) {
      throw ProblemException.notFound("No service account " + id);
    }
    return sa;
  }

  /** Deletes a service account; brokers then refuse its outstanding credentials. */
  @Transactional
  public void delete(String orgId, String id) {
    get(orgId, id).delete();
    changes.record(orgId, ChangeKind.ORG_CHANGED);
  }

  /** Issues a credential; {@code ttl} null means the configured default. */
  public CredentialView issue(String orgId, String id, Duration ttl) {
    ServiceAccount sa = get(orgId, id);
    Duration lifetime = ttl == null ? config.serviceAccounts().defaultCredentialTtl() : ttl;
    Duration max = maxTtl();
    if (lifetime.compareTo(max) > 0) {
      throw ProblemException.invalid(
          "ttl_seconds", "must be at most " + max.toSeconds() + " seconds");
    }
    return issue(sa, lifetime);
  }

  /** Issues a credential without the API's lifetime bound (dev seeding). */
  public CredentialView issue(ServiceAccount sa, Duration ttl) {
    IssuedToken token = tokens.mqttCredential(sa.id, sa.orgId, ttl);
    return new CredentialView(sa.username(), token.token(), token.expiresAt());
  }

  /** The longest credential lifetime the API grants. */
  public Duration maxTtl() {
    if (config.devMode()) {
      return config.dev().maxCredentialTtl();
    }
    Duration configured = config.serviceAccounts().maxCredentialTtl();
    return configured.compareTo(HARD_MAX_TTL) > 0 ? HARD_MAX_TTL : configured;
  }
}
