package io.aviary.tenant.auth;

import java.time.Instant;

/**
 * A signed platform token.
 *
 * @param token the compact JWS
 * @param id its {@code jti}
 * @param expiresAt its {@code exp}
 * @param expiresIn seconds from issue to expiry
 */
public record IssuedToken(String token, String id, Instant expiresAt, long expiresIn) {}
