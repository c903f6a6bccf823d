package io.aviary.node.connection;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The accepted connections of this node, for graceful shutdown. */
public final class ConnectionTracker {
  private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  void add(MqttConnection connection) {
    connections.add(connection);
  }

  boolean remove(MqttConnection connection) {
    return connections.remove(connection);
  }

  public int size() {
    return connections.size();
  }

  /** Whether the node is shutting down: new CONNECTs are refused. */
  boolean isClosing() {
    return closing;
  }

  /** Refuses new connections and asks every one to close with DISCONNECT 0x8B, on its own loop. */
  public void shutdownAll() {
    closing = true;
    for (MqttConnection c : List.copyOf(connections)) {
      c.loop.execute(c::shutdown);
    }
  }
}
