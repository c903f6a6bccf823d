package io.aviary.tenant.org;

import io.aviary.service.auth.Role;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import io.aviary.service.secret.RandomIds;
import io.aviary.service.secret.Sha256;
import io.aviary.tenant.config.TenantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Invitations: an admin names an email address and a role, and whoever holds the link chooses a
 * password and joins as that member. The link's token is shown once; only its SHA-256 is kept, and
 * accepting deletes the invitation, so a link works once.
 */
@ApplicationScoped
public class InvitationService {

  /** Most open invitations one organization may have. */
  static final int MAX_OPEN_PER_ORG = 100;

  /** Prefix of invitation ids. */
  static final String ID_PREFIX = "inv_";

  /** Length of a token: 40 base32 characters, 200 random bits. */
  static final int TOKEN_LENGTH = 40;

  private final OrgService orgs;
  private final TenantConfig config;

  public InvitationService(OrgService orgs, TenantConfig config) {
    this.orgs = orgs;
    this.config = config;
  }

  /** A new invitation and its token, which is never stored. */
  public record Issued(Invitation invitation, Organization org, String token) {}

  /**
   * Invites {@code email} to the organization with {@code role}, replacing an open invitation of
   * the same address; 409 when the address already has an account.
   *
   * @param actor who invites, as audit events name actors
   */
  @Transactional
  public Issued invite(String orgId, String email, Role role, String actor) {
    Organization org = orgs.get(orgId);
    String normalized = ConsoleUser.normalize(email);
    if (ConsoleUser.byEmail(normalized).isPresent()) {
      throw OrgService.emailTaken();
    }
    Invitation.of(orgId, normalized)
        .ifPresent(
            previous -> {
              previous.delete();
              Invitation.flush();
            });
    if (Invitation.count("orgId", orgId) >= MAX_OPEN_PER_ORG) {
      throw new ProblemException(
          ProblemCode.LIMIT_EXCEEDED,
          "An organization may have at most "
              + MAX_OPEN_PER_ORG
              + " open invitations; revoke some first.");
    }
    String token = RandomIds.base32(TOKEN_LENGTH);
    Invitation invitation = new Invitation();
    invitation.id = RandomIds.id(ID_PREFIX);
    invitation.orgId = orgId;
    invitation.email = normalized;
    invitation.role = role.code();
    invitation.tokenHash = Sha256.digest(token);
    invitation.createdBy = actor;
    invitation.createdAt = OrgService.now();
    invitation.expiresAt = invitation.createdAt.plus(config.invitations().ttl());
    invitation.persist();
    return new Issued(invitation, org, token);
  }

  /** The organization's open invitations, expired ones included, oldest first. */
  public List<Invitation> list(String orgId) {
    orgs.get(orgId);
    return Invitation.ofOrg(orgId);
  }

  /** Revokes an open invitation: its link stops working. */
  @Transactional
  public void revoke(String orgId, String id) {
    Invitation invitation = Invitation.findById(id);
    if (invitation == null || !invitation.orgId.equals(orgId)) {
      throw ProblemException.notFound("No open invitation " + id);
    }
    invitation.delete();
  }

  /** What the token's invitation offers; 404 {@code invitation_invalid} when it offers nothing. */
  public InvitationDetails details(String token) {
    Invitation invitation = open(token);
    Organization org = orgs.get(invitation.orgId);
    return new InvitationDetails(org.name, invitation.email, invitation.role, invitation.expiresAt);
  }

  /** Checks the token before the caller spends a password hash on it. */
  public void check(String token) {
    open(token);
  }

  /**
   * Turns the token's invitation into a console user with {@code passwordHash} (null: the member
   * signs in through the platform's OIDC provider only), once; the link stops working.
   */
  @Transactional
  public ConsoleUser accept(String token, String passwordHash) {
    Invitation invitation = open(token);
    ConsoleUser user = orgs.addInvited(invitation, passwordHash);
    invitation.delete();
    return user;
  }

  /**
   * Turns the invitation whose token has the SHA-256 {@code tokenHash} into a console user without
   * a password, for someone whose identity provider vouched for {@code verifiedEmail}; the
   * invitation must name that address.
   *
   * @throws ProblemException {@code invitation_invalid}, or {@code mismatch} when the invitation is
   *     for another address
   */
  @Transactional
  public ConsoleUser acceptVerified(
      byte[] tokenHash, String verifiedEmail, ProblemException mismatch) {
    Invitation invitation = openByHash(tokenHash);
    if (!invitation.email.equals(ConsoleUser.normalize(verifiedEmail))) {
      throw mismatch;
    }
    ConsoleUser user = orgs.addInvited(invitation, null);
    invitation.delete();
    return user;
  }

  private static Invitation open(String token) {
    return openByHash(Sha256.digest(token));
  }

  private static Invitation openByHash(byte[] tokenHash) {
    return Invitation.byTokenHash(tokenHash)
        .filter(i -> !i.expired(Instant.now()))
        .orElseThrow(
            () ->
                new ProblemException(
                    OrgProblem.INVITATION_INVALID,
                    "This invitation link is not valid: it was used, revoked or replaced, or it"
                        + " expired. Ask an admin of the organization for a new one."));
  }
}
