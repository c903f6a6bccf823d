package io.aviary.broker.auth;

import java.util.concurrent.CompletionStage;

/**
 * Port: decides who a connecting client is. Implementations must not block the caller: anything
 * that waits (a JWKS fetch, a database) completes the stage later.
 */
public interface Authenticator {
  CompletionStage<AuthResult> authenticate(ConnectRequest request);
}
