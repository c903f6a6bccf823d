package io.aviary.broker.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Refuses every client: what a node without any configured identity source does. */
public final class RefusingAuthenticator implements Authenticator {
  @Override
  public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
    return CompletableFuture.completedFuture(
        new AuthResult.Denied(AuthFailure.MISSING_CREDENTIALS));
  }
}
