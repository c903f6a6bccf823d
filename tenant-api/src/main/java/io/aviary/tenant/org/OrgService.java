package io.aviary.tenant.org;

import io.aviary.audit.event.AuditRecord.MemberAdded;
import io.aviary.service.audit.Actor;
import io.aviary.service.audit.AuditOutbox;
import io.aviary.service.auth.Role;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import io.aviary.service.secret.RandomIds;
import io.aviary.tenant.change.ChangeKind;
import io.aviary.tenant.change.ConfigChanges;
import io.aviary.tenant.config.TenantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Organizations, their console users, quotas and audit settings. */
@ApplicationScoped
public class OrgService {

  /** Prefix of organization ids. */
  public static final String ORG_PREFIX = "org_";

  /** Prefix of console user ids. */
  public static final String USER_PREFIX = "usr_";

  private final TenantConfig config;
  private final ConfigChanges changes;
  private final AuditOutbox audit;

  public OrgService(TenantConfig config, ConfigChanges changes, AuditOutbox audit) {
    this.config = config;
    this.changes = changes;
    this.audit = audit;
  }

  /** A new organization and its first admin. */
  public record Created(Organization org, ConsoleUser admin) {}

  /**
   * Creates an organization with default quotas and audit settings and its first member, an admin
   * (a {@code member_added} event by the platform).
   */
  @Transactional
  public Created create(String name, String adminEmail, String passwordHash) {
    Organization org = new Organization();
    org.id = RandomIds.id(ORG_PREFIX);
    org.name = name.strip();
    org.mountpoint = org.id + "/";
    org.status = Organization.ACTIVE;
    TenantConfig.QuotaValues defaults = config.quotas().defaults();
    org.maxConnections = defaults.maxConnections();
    org.maxMessagesPerSecond = defaults.maxMessagesPerSecond();
    org.maxSubscriptions = defaults.maxSubscriptions();
    org.auditAllowedPublishes = AuditSettings.DEFAULT_ALLOWED_PUBLISHES;
    org.auditSampleRate = AuditSettings.DEFAULT_SAMPLE_RATE;
    org.auditRetentionDays = defaultRetentionDays();
    org.createdAt = now();
    org.persist();
    ConsoleUser admin = addUser(org.id, adminEmail, passwordHash, Role.ADMIN, Actor.PLATFORM);
    // Brokers may have cached "unknown org" for this id.
    changes.record(org.id, ChangeKind.ORG_CHANGED);
    return new Created(org, admin);
  }

  /** The organization, or a 404 problem. */
  public Organization get(String orgId) {
    Organization org = Organization.findById(orgId);
    if (org == null) {
      throw ProblemException.notFound("No organization " + orgId);
    }
    return org;
  }

  /**
   * Adds a console user to an organization; 409 when the email is taken.
   *
   * @param actor who added them, for the {@code member_added} event
   */
  @Transactional
  public ConsoleUser addMember(
      String orgId, String email, String passwordHash, Role role, String actor) {
    get(orgId);
    return addUser(orgId, email, passwordHash, role, actor);
  }

  /**
   * Adds the console user an invitation names, with the password its holder chose (null for one who
   * signs in through the platform's OIDC provider); the inviter is the actor of the {@code
   * member_added} event.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  ConsoleUser addInvited(Invitation invitation, String passwordHash) {
    return addUser(
        invitation.orgId,
        invitation.email,
        passwordHash,
        Role.fromCode(invitation.role),
        invitation.createdBy);
  }

  /** Sets an organization's quotas, each at most the platform ceiling. */
  @Transactional
  public Organization setQuotas(String orgId, Quotas quotas) {
    TenantConfig.QuotaValues ceiling = config.quotas().ceiling();
    List<FieldError> errors = new ArrayList<>();
    checkCeiling(errors, "max_connections", quotas.maxConnections(), ceiling.maxConnections());
    checkCeiling(
        errors,
        "max_messages_per_second",
        quotas.maxMessagesPerSecond(),
        ceiling.maxMessagesPerSecond());
    checkCeiling(
        errors, "max_subscriptions", quotas.maxSubscriptions(), ceiling.maxSubscriptions());
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Organization org = get(orgId);
    org.maxConnections = quotas.maxConnections();
    org.maxMessagesPerSecond = quotas.maxMessagesPerSecond();
    org.maxSubscriptions = quotas.maxSubscriptions();
    changes.record(orgId, ChangeKind.QUOTA_CHANGED);
    return org;
  }

  /**
   * The audit retention of new organizations, and of events of organizations the audit pipeline
   * does not know yet: {@code aviary.audit.default-retention-days}, at most the platform maximum.
   */
  public int defaultRetentionDays() {
    return Math.min(config.audit().defaultRetentionDays(), config.audit().maxRetentionDays());
  }

  /** Sets an organization's audit settings; retention at most the platform maximum. */
  @Transactional
  public Organization setAuditSettings(String orgId, AuditSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    checkCeiling(
        errors, "retention_days", settings.retentionDays(), config.audit().maxRetentionDays());
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Organization org = get(orgId);
    org.auditAllowedPublishes = settings.allowedPublishes();
    org.auditSampleRate = settings.sampleRate();
    org.auditRetentionDays = settings.retentionDays();
    changes.record(orgId, ChangeKind.AUDIT_SETTINGS_CHANGED);
    return org;
  }

  private static void checkCeiling(List<FieldError> errors, String field, int value, int ceiling) {
    if (value > ceiling) {
      errors.add(FieldError.at(field, "must be at most " + ceiling + " (the platform limit)"));
    }
  }

  private ConsoleUser addUser(
      String orgId, String email, String passwordHash, Role role, String actor) {
    String normalized = ConsoleUser.normalize(email);
    if (ConsoleUser.byEmail(normalized).isPresent()) {
      throw emailTaken();
    }
    ConsoleUser user = new ConsoleUser();
    user.id = RandomIds.id(USER_PREFIX);
    user.orgId = orgId;
    user.email = normalized;
    user.passwordHash = passwordHash;
    user.role = role.code();
    user.createdAt = now();
    try {
      user.persistAndFlush();
    } catch (PersistenceException e) {
      // A concurrent sign-up with the same email won the unique index.
      throw emailTaken();
    }
    audit.record(
        s ->
            new MemberAdded(
                s.eventId(),
                orgId,
                s.nodeId(),
                s.time(),
                actor,
                user.email,
                MemberAdded.Role.valueOf(role.name())));
    return user;
  }

  static ProblemException emailTaken() {
    return new ProblemException(
        OrgProblem.EMAIL_TAKEN, "An account with this email address already exists.");
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
