package io.aviary.node.connection;

import io.aviary.broker.auth.ConnectRequest;
import io.aviary.broker.auth.Identity;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.acl.OrgPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/** The accepted connections of this node, for graceful shutdown and configuration changes. */
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

  /**
   * Checks every connection of {@code org} again after its configuration changed, each on its own
   * loop: a connection for which {@code refusal} names a reason is ended (0x98, no will).
   */
  public void recheck(OrgId org, BiFunction<Identity, ConnectRequest, Optional<String>> refusal) {
    for (MqttConnection c : connections) {
      if (org.equals(c.org())) {
        c.loop.execute(
            () -> {
              if (!c.isClosing()) {
                refusal.apply(c.identity, c.connectRequest).ifPresent(c::revoke);
              }
            });
      }
    }
  }

  /**
   * Gives every connection of {@code org} the organization's new ACL policy, each on its own loop.
   */
  public void policyChanged(OrgId org, OrgPolicy policy) {
    for (MqttConnection c : connections) {
      if (org.equals(c.org())) {
        c.loop.execute(() -> c.policyChanged(policy));
      }
    }
  }

  /** Refuses new connections and asks every one to close with DISCONNECT 0x8B, on its own loop. */
  public void shutdownAll() {
    closing = true;
    for (MqttConnection c : List.copyOf(connections)) {
      c.loop.execute(c::shutdown);
    }
  }
}
