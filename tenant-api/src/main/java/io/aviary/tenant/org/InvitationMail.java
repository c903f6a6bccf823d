package io.aviary.tenant.org;

import io.aviary.tenant.config.TenantConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Sends invitation links by email when {@code aviary.invitations.email} is on, through the SMTP
 * server of the {@code quarkus.mailer.*} settings. The link is a credential: it is never logged.
 */
@ApplicationScoped
public class InvitationMail {
  private static final Logger LOG = Logger.getLogger(InvitationMail.class);

  private final Mailer mailer;
  private final TenantConfig config;

  public InvitationMail(Mailer mailer, TenantConfig config) {
    this.mailer = mailer;
    this.config = config;
  }

  /**
   * Emails the invitation's link to the invited address.
   *
   * @return whether the mail server took it; false when email is off or it refused
   */
  public boolean send(InvitationService.Issued issued, String link) {
    if (!config.invitations().email()) {
      return false;
    }
    Invitation invitation = issued.invitation();
    String body =
        """
        You are invited to join %s on Aviary as %s.

        Choose your password here (the link works once, until %s):
        %s

        If you did not expect this, ignore this email.
        """
            .formatted(issued.org().name, invitation.role, invitation.expiresAt, link);
    try {
      mailer.send(
          Mail.withText(
              invitation.email, "You are invited to " + issued.org().name + " on Aviary", body));
      return true;
    } catch (RuntimeException e) {
      LOG.warnf(
          "Could not email invitation %s of %s: %s",
          invitation.id, invitation.orgId, e.getMessage());
      return false;
    }
  }
}
