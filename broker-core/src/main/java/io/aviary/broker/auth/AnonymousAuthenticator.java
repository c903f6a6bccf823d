package io.aviary.broker.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts every client, naming it by its username when it gives one. Only the development mode
 * wires this in; production refuses clients until an identity provider is configured.
 */
public final class AnonymousAuthenticator implements Authenticator {
  @Override
  public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
    String principal = request.username() == null ? "anonymous" : request.username();
    return CompletableFuture.completedFuture(
        new AuthResult.Allowed(new Identity(principal, Map.of("client_id", request.clientId()))));
  }
}
