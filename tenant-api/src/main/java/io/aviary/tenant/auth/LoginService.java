package io.aviary.tenant.auth;

import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import io.aviary.tenant.apikey.ApiKey;
import io.aviary.tenant.apikey.ApiKeyService;
import io.aviary.tenant.metrics.TenantMetrics;
import io.aviary.tenant.org.ConsoleUser;
import io.aviary.tenant.org.Organization;
import io.aviary.tenant.secret.PasswordHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Exchanges credentials for access tokens. Every failure looks the same (401 {@code
 * invalid_credentials}) and takes about as long, whichever part was wrong.
 */
@ApplicationScoped
public class LoginService {

  private final PasswordHasher hasher;
  private final ApiKeyService apiKeys;
  private final TokenIssuer tokens;
  private final TenantMetrics metrics;

  public LoginService(
      PasswordHasher hasher, ApiKeyService apiKeys, TokenIssuer tokens, TenantMetrics metrics) {
    this.hasher = hasher;
    this.apiKeys = apiKeys;
    this.tokens = tokens;
    this.metrics = metrics;
  }

  /**
   * Not one transaction: Argon2 (and the wait for a hashing permit) runs between two short database
   * accesses, so a burst of log-ins does not hold pooled connections while it hashes.
   */
  public IssuedToken withPassword(String email, String password) {
    Optional<ConsoleUser> user = ConsoleUser.byEmail(email);
    // A member without a password signs in through the OIDC provider only; the check costs the
    // same either way.
    boolean ok =
        user.isPresent() && user.get().passwordHash != null
            ? hasher.verify(password, user.get().passwordHash)
            : hasher.verifyNothing(password);
    if (!ok || !orgActive(user.get().orgId)) {
      metrics.login("password", false);
      throw invalid();
    }
    ConsoleUser u = user.get();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    QuarkusTransaction.requiringNew()
        .run(() -> ConsoleUser.update("lastLoginAt = ?1 where id = ?2", now, u.id));
    metrics.login("password", true);
    return tokens.accessToken(u);
  }

  @Transactional
  public IssuedToken withApiKey(String text) {
    Optional<ApiKey> key = apiKeys.authenticate(text);
    if (key.isEmpty() || !orgActive(key.get().orgId)) {
      metrics.login("api_key", false);
      throw invalid();
    }
    metrics.login("api_key", true);
    return tokens.accessToken(key.get());
  }

  private static boolean orgActive(String orgId) {
    Organization org = Organization.findById(orgId);
    return org != null && Organization.ACTIVE.equals(org.status);
  }

  private static ProblemException invalid() {
    return new ProblemException(ProblemCode.INVALID_CREDENTIALS, "The credentials are not valid.");
  }
}
