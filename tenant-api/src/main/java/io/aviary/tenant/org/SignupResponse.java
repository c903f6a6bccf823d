package io.aviary.tenant.org;

/**
 * Result of a sign-up: the new organization and an access token for its first admin.
 *
 * @param orgId the new organization's id
 * @param userId the admin's user id
 * @param accessToken a platform access token
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until the token expires
 */
public record SignupResponse(
    String orgId, String userId, String accessToken, String tokenType, long expiresIn) {}
