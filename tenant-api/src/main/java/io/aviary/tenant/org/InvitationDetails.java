package io.aviary.tenant.org;

import java.time.Instant;

/**
 * What an invitation link offers, shown before its holder chooses a password.
 *
 * @param organizationName the organization's name
 * @param email the address the account gets
 * @param role the role it gets
 * @param expiresAt when the link stops working
 */
public record InvitationDetails(
    String organizationName, String email, String role, Instant expiresAt) {}
