package io.aviary.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.internal.util.ConcurrencyUtil;
import io.aviary.node.config.BrokerConfig;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Gives Vert.x its cluster manager when {@code aviary.cluster.enabled}: Hazelcast, joined over TCP
 * only. Set here at run time rather than through vertx-hazelcast's service-provider file, which
 * Quarkus 3.33 cannot record at build time (quarkus#53613; see the vertx-hazelcast-nospi module).
 */
@ApplicationScoped
public class HazelcastSetup implements VertxOptionsCustomizer {
  /** Retained messages of every organization, key {@code org/topic}. */
  static final String RETAINED_MAP = "aviary.retained";

  /**
   * Which node holds each session, key {@code org/client-id}, value {@code node/claim} ({@link
   * Holders}).
   */
  static final String SESSIONS_MAP = "aviary.sessions";

  /**
   * Wills of connected clients, key {@code org/client-id}, so that another node publishes them when
   * their node is lost.
   */
  static final String WILLS_MAP = "aviary.wills";

  /** Persistent sessions' saved state, key {@code org/client-id} ({@link SessionCopies}). */
  static final String SESSION_STATE_MAP = "aviary.session-state";

  /**
   * Persistent sessions' undelivered QoS 1/2 messages, key {@code m:incarnation:seq@org/client-id},
   * partitioned by their session ({@link SessionMessagePartitioning}).
   */
  static final String SESSION_MESSAGES_MAP = "aviary.session-messages";

  private final BrokerConfig.Cluster cluster;

  public HazelcastSetup(BrokerConfig config) {
    this.cluster = config.cluster();
  }

  /**
   * Runs what Hazelcast continues asynchronously by default, such as a {@code whenComplete} on one
   * of its futures. Its own default is the common fork-join pool, except where that pool has a
   * single thread (two cores): it then starts a thread for each continuation, measured at 1,400
   * threads a second on such a machine under persistent QoS 1 load, which took most of the CPU.
   */
  private static final Executor CONTINUATIONS =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().daemon().name("aviary-hazelcast-continuation-", 0).factory());

  @Override
  public void accept(VertxOptions options) {
    if (cluster.enabled()) {
      options.setClusterManager(new HazelcastClusterManager(config(cluster)));
    }
  }

  /**
   * Vert.x's own maps and locks as vertx-hazelcast defines them, with Aviary's network and maps.
   */
  static Config config(BrokerConfig.Cluster cluster) {
    ConcurrencyUtil.setDefaultAsyncExecutor(CONTINUATIONS);
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // Quarkus stops the node in order (listeners first, then Vert.x, which leaves the cluster).
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds",
        Long.toString(Math.max(2, cluster.failureTimeout().toSeconds())));
    // A lone first node should not wait for peers that are not there yet.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setPublicAddress(cluster.host() + ":" + cluster.port());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.kubernetesServiceDns().isPresent()) {
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", cluster.kubernetesServiceDns().get())
          .setProperty("service-port", Integer.toString(cluster.port()));
    } else {
      join.getTcpIpConfig()
          .setEnabled(true)
          .setMembers(
              cluster.members().orElse(List.of(cluster.host() + ":" + cluster.port())).stream()
                  .map(String::trim)
                  .filter(m -> !m.isEmpty())
                  .toList());
    }
    // One synchronous backup: a retained message survives the loss of any one node.
    config.addMapConfig(new MapConfig(RETAINED_MAP).setBackupCount(1).setAsyncBackupCount(0));
    config.addMapConfig(new MapConfig(SESSIONS_MAP).setBackupCount(1).setAsyncBackupCount(0));
    config.addMapConfig(new MapConfig(WILLS_MAP).setBackupCount(1).setAsyncBackupCount(0));
    // A persistent session and its acknowledged messages survive the loss of any one node.
    config.addMapConfig(new MapConfig(SESSION_STATE_MAP).setBackupCount(1).setAsyncBackupCount(0));
    config.addMapConfig(
        new MapConfig(SESSION_MESSAGES_MAP).setBackupCount(1).setAsyncBackupCount(0));
    config.setClassLoader(HazelcastSetup.class.getClassLoader());
    config.setProperty(
        "hazelcast.partitioning.strategy.class", SessionMessagePartitioning.class.getName());
    return config;
  }
}
