package io.aviary.tenant.apikey;

import io.aviary.audit.event.AuditRecord.ApiKeyCreated;
import io.aviary.audit.event.AuditRecord.ApiKeyRevoked;
import io.aviary.service.audit.Actor;
import io.aviary.service.audit.AuditOutbox;
import io.aviary.service.auth.Caller;
import io.aviary.service.auth.Role;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Creates, lists, revokes and checks API keys; creating and revoking are audit events. */
@ApplicationScoped
public class ApiKeyService {

  /** Most keys (active or revoked) one organization may hold. */
  static final int MAX_KEYS_PER_ORG = 100;

  private final AuditOutbox audit;

  public ApiKeyService(AuditOutbox audit) {
    this.audit = audit;
  }

  /** A new key and its text, which is never stored (nor recorded in the audit event). */
  public record Created(ApiKey key, ApiKeyToken token) {}

  @Transactional
  public Created create(String orgId, String name, Role role, Caller by) {
    if (ApiKey.count("orgId", orgId) >= MAX_KEYS_PER_ORG) {
      throw new ProblemException(
          ProblemCode.LIMIT_EXCEEDED,
          "An organization may hold at most " + MAX_KEYS_PER_ORG + " API keys.");
    }
    ApiKeyToken token = ApiKeyToken.generate();
    while (ApiKey.findById(token.id()) != null) {
      token = ApiKeyToken.generate();
    }
    ApiKey key = new ApiKey();
    key.id = token.id();
    key.orgId = orgId;
    key.name = name.strip();
    key.role = role.code();
    key.keyHash = token.hash();
    key.createdBy = by.subject();
    key.createdAt = now();
    key.persist();
    String actor = Actor.of(by);
    audit.record(s -> new ApiKeyCreated(s.eventId(), orgId, s.nodeId(), s.time(), actor, key.id));
    return new Created(key, token);
  }

  /** Revokes a key; revoking twice is harmless (and recorded once). */
  @Transactional
  public void revoke(String orgId, String id, Caller by) {
    ApiKey key = ApiKey.findById(id);
    if (key == null || !key.orgId.equals(orgId)) {
      throw ProblemException.notFound("No API key " + id);
    }
    if (key.revokedAt == null) {
      key.revokedAt = now();
      String actor = Actor.of(by);
      audit.record(s -> new ApiKeyRevoked(s.eventId(), orgId, s.nodeId(), s.time(), actor, id));
    }
  }

  /** The live key matching {@code text}, recording its use; empty for anything else. */
  @Transactional
  public Optional<ApiKey> authenticate(String text) {
    Optional<ApiKeyToken> token = ApiKeyToken.parse(text);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    ApiKey key = ApiKey.findById(token.get().id());
    if (key == null
        || key.revokedAt != null
        || !MessageDigest.isEqual(key.keyHash, token.get().hash())) {
      return Optional.empty();
    }
    key.lastUsedAt = now();
    return Optional.of(key);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
