package io.aviary.broker.auth;

import io.aviary.broker.tenant.OrgId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts every client into one organization, naming it by its username when it gives one. Only the
 * test profile wires this in (behind development mode); every other setup authenticates.
 */
public final class AnonymousAuthenticator implements Authenticator {
  private final OrgId org;

  public AnonymousAuthenticator(OrgId org) {
    this.org = org;
  }

  @Override
  public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
    String principal = request.username() == null ? "anonymous" : request.username();
    return CompletableFuture.completedFuture(
        new AuthResult.Allowed(
            new Identity(
                org,
                principal,
                Map.of("client_id", List.of(request.clientId()), "org_id", List.of(org.value())),
                null,
                "anonymous")));
  }
}
