package io.aviary.node.health;

import io.aviary.node.Broker;
import io.aviary.node.cluster.ClusterNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the node has joined its cluster, heard the other nodes' routes and loaded the retained
 * messages; not ready once it has lost the cluster. Always up on a node without clustering.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {
  private final Broker broker;

  public ClusterReadiness(Broker broker) {
    this.broker = broker;
  }

  @Override
  public HealthCheckResponse call() {
    Optional<ClusterNode> cluster = broker.cluster();
    if (cluster.isEmpty()) {
      return HealthCheckResponse.named("cluster").up().withData("enabled", false).build();
    }
    ClusterNode node = cluster.get();
    return HealthCheckResponse.named("cluster")
        .status(node.isReady())
        .withData("enabled", true)
        .withData("node", node.nodeId())
        .withData("members", node.members())
        .build();
  }
}
