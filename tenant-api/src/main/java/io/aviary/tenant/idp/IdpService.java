package io.aviary.tenant.idp;

import io.aviary.audit.event.AuditRecord.IdpChanged;
import io.aviary.identity.IdpConnection;
import io.aviary.identity.KeySetCache;
import io.aviary.service.audit.AuditOutbox;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import io.aviary.service.secret.RandomIds;
import io.aviary.tenant.change.ChangeKind;
import io.aviary.tenant.change.ConfigChanges;
import io.aviary.tenant.config.TenantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * IdP connections of an organization; every write is announced on the change feed and is an audit
 * event ({@code idp_changed}).
 */
@ApplicationScoped
public class IdpService {

  /** Prefix of IdP connection ids. */
  public static final String PREFIX = "idp_";

  static final int MAX_PER_ORG = 20;

  private final IdpValidator validator;
  private final ConfigChanges changes;
  private final KeySetCache keys;
  private final AuditOutbox audit;

  public IdpService(
      TenantConfig config, ConfigChanges changes, KeySetCache keys, AuditOutbox audit) {
    this.validator = new IdpValidator(config.devMode());
    this.changes = changes;
    this.keys = keys;
    this.audit = audit;
  }

  /**
   * Creates a connection.
   *
   * @param actor who did it, for the audit event
   */
  @Transactional
  public IdpConnectionEntity create(String orgId, IdpRequest request, String actor) {
    String id = RandomIds.id(PREFIX);
    IdpSettings settings = validator.validate(id, orgId, request, null);
    if (IdpConnectionEntity.count("orgId", orgId) >= MAX_PER_ORG) {
      throw new ProblemException(
          ProblemCode.LIMIT_EXCEEDED,
          "An organization may have at most " + MAX_PER_ORG + " IdP connections.");
    }
    requireUniqueName(orgId, settings.name(), null);
    IdpConnectionEntity e = new IdpConnectionEntity();
    e.id = id;
    e.orgId = orgId;
    e.apply(settings);
    e.createdAt = now();
    e.updatedAt = e.createdAt;
    e.persist();
    changes.record(orgId, ChangeKind.IDP_CHANGED);
    recordChange(orgId, id, actor, IdpChanged.Change.CREATED);
    return e;
  }

  @Transactional
  public IdpConnectionEntity update(String orgId, String id, IdpRequest request, String actor) {
    IdpConnectionEntity e = get(orgId, id);
    IdpSettings settings = validator.validate(id, orgId, request, e.hs256Secret);
    requireUniqueName(orgId, settings.name(), id);
    e.apply(settings);
    e.updatedAt = now();
    changes.record(orgId, ChangeKind.IDP_CHANGED);
    recordChange(orgId, id, actor, IdpChanged.Change.UPDATED);
    keys.invalidate(id);
    return e;
  }

  @Transactional
  public void delete(String orgId, String id, String actor) {
    get(orgId, id).delete();
    changes.record(orgId, ChangeKind.IDP_REMOVED);
    recordChange(orgId, id, actor, IdpChanged.Change.DELETED);
    keys.invalidate(id);
  }

  private void recordChange(String orgId, String id, String actor, IdpChanged.Change change) {
    audit.record(s -> new IdpChanged(s.eventId(), orgId, s.nodeId(), s.time(), actor, id, change));
  }

  public IdpConnectionEntity get(String orgId, String id) {
    return find(orgId, id).orElseThrow(() -> ProblemException.notFound("No IdP connection " + id));
  }

  /** The organization's connection with this id, if it has one. */
  public Optional<IdpConnectionEntity> find(String orgId, String id) {
    return IdpConnectionEntity.<IdpConnectionEntity>findByIdOptional(id)
        .filter(e -> e.orgId.equals(orgId));
  }

  /** Every connection of the organization, enabled or not, as the identity module sees them. */
  public List<IdpConnection> connections(String orgId) {
    return IdpConnectionEntity.ofOrg(orgId).stream().map(IdpConnectionEntity::connection).toList();
  }

  private static void requireUniqueName(String orgId, String name, String exceptId) {
    boolean taken =
        IdpConnectionEntity.find("orgId = ?1 and name = ?2", orgId, name).stream()
            .map(IdpConnectionEntity.class::cast)
            .anyMatch(other -> !other.id.equals(exceptId));
    if (taken) {
      throw ProblemException.conflict("An IdP connection named '" + name + "' already exists.");
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
