package io.aviary.node.connection;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The accepted connections of this node, for graceful shutdown. */
public final class ConnectionTracker {
  private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();

  void add(MqttConnection connection) {
    connections.add(connection);
  }

  boolean remove(MqttConnection connection) {
    return connections.remove(connection);
  }

  public int size() {
    return connections.size();
  }

  /** Asks every connection to close with DISCONNECT 0x8B, each on its own loop. */
  public void shutdownAll() {
    for (MqttConnection c : List.copyOf(connections)) {
      c.loop.execute(c::shutdown);
    }
  }
}
