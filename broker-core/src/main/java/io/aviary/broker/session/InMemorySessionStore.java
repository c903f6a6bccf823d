package io.aviary.broker.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Session state kept in this node's memory, keyed by client id. */
public final class InMemorySessionStore implements SessionStore {
  private final ConcurrentHashMap<String, SessionState> sessions = new ConcurrentHashMap<>();

  @Override
  public SessionState get(String clientId) {
    return sessions.get(clientId);
  }

  @Override
  public void put(SessionState state) {
    sessions.put(state.clientId(), state);
  }

  @Override
  public boolean remove(SessionState state) {
    return sessions.remove(state.clientId(), state);
  }

  @Override
  public int size() {
    return sessions.size();
  }

  @Override
  public Collection<SessionState> all() {
    return List.copyOf(sessions.values());
  }
}
