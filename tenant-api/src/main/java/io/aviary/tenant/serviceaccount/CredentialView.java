package io.aviary.tenant.serviceaccount;

import java.time.Instant;

/**
 * A platform credential: connect with {@code username} and {@code password}.
 *
 * @param username {@code <sa_id>@<org_id>}
 * @param password a platform JWT ({@code aud=aviary-mqtt}, {@code token_use=mqtt})
 * @param expiresAt when brokers stop accepting it (and disconnect sessions using it)
 */
public record CredentialView(String username, String password, Instant expiresAt) {

  @Override
  public String toString() {
    return "CredentialView[" + username + ", expires " + expiresAt + "]";
  }
}
