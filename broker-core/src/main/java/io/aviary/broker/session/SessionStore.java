package io.aviary.broker.session;

import java.util.Collection;

/**
 * Port: where session state lives between connections. The in-memory store keeps it for the life of
 * the node; a durable or replicated store can replace it without touching the protocol code.
 */
public interface SessionStore {
  SessionState get(String clientId);

  void put(SessionState state);

  /** Removes the state, but only if it is still {@code state} (not a newer session). */
  boolean remove(SessionState state);

  int size();

  Collection<SessionState> all();
}
