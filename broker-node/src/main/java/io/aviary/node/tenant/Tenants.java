package io.aviary.node.tenant;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.audit.PublishRecording;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Peers;
import io.aviary.node.session.Session;
import io.aviary.node.session.SessionRegistry;
import io.aviary.node.session.SessionReplica;
import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The organizations with sessions or retained messages on this node, each in its own namespace. */
public final class Tenants {
  private final ConcurrentHashMap<OrgId, Tenant> byOrg = new ConcurrentHashMap<>();
  private final BrokerMetrics metrics;
  private final int maxRetainedPerOrg;
  private final int maxQueued;
  private final PublishRecording defaultRecording;
  private final Peers peers;

  /**
   * @param defaultRecording how organizations whose configuration says nothing record allowed
   *     publishes
   * @param peers the other nodes of the cluster, or {@link Peers#NONE}
   */
  public Tenants(
      BrokerMetrics metrics,
      int maxRetainedPerOrg,
      int maxQueued,
      PublishRecording defaultRecording,
      Peers peers) {
    this.metrics = metrics;
    this.peers = peers;
    this.defaultRecording = defaultRecording;
    this.maxRetainedPerOrg = maxRetainedPerOrg;
    this.maxQueued = maxQueued;
    metrics.gauge(
        "aviary.sessions", "Sessions held by this node", () -> sum(t -> t.sessions().size()));
    metrics.gauge(
        "aviary.subscriptions",
        "Subscriptions held by this node",
        () -> sum(Tenant::subscriptionCount));
    metrics.gauge(
        "aviary.retained.messages", "Retained messages", () -> sum(Tenant::retainedCount));
    metrics.gauge("aviary.organizations", "Organizations with state on this node", byOrg::size);
  }

  /** The namespace of {@code org}, created on first use. */
  public Tenant of(OrgId org) {
    return byOrg.computeIfAbsent(
        org, o -> new Tenant(o, metrics, maxRetainedPerOrg, maxQueued, defaultRecording, peers));
  }

  /**
   * The key of an organization's session ({@code name}: its client id) or retained message ({@code
   * name}: its topic) in the cluster's maps and the journal: {@code org/name}.
   */
  public static String key(OrgId org, String name) {
    return org.value() + "/" + name;
  }

  /** The organization of a {@link #key}. */
  public static OrgId orgOf(String key) {
    return new OrgId(key.substring(0, key.indexOf('/')));
  }

  /** The name of a {@link #key}: what follows the organization. */
  public static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  /**
   * Takes over, offline, the session {@code key} ({@code org/client-id}) from its copy ({@link
   * SessionRegistry#adopt}).
   */
  public CompletionStage<Boolean> adopt(
      String key,
      SessionReplica.Copy copy,
      EventLoop loop,
      Function<Session, CompletionStage<Boolean>> holder) {
    return of(orgOf(key)).sessions().adopt(nameOf(key), copy, loop, holder);
  }

  /** The namespace of {@code org} if it has state on this node; never creates one. */
  public Optional<Tenant> find(OrgId org) {
    return Optional.ofNullable(byOrg.get(org));
  }

  /** Every organization with state on this node now. */
  public Collection<Tenant> all() {
    return byOrg.values();
  }

  /** This node's live connections of {@code org}. */
  public int liveConnections(OrgId org) {
    Tenant tenant = byOrg.get(org);
    return tenant == null ? 0 : tenant.liveConnections();
  }

  private int sum(ToIntFunction<Tenant> count) {
    int total = 0;
    for (Tenant t : byOrg.values()) {
      total += count.applyAsInt(t);
    }
    return total;
  }
}
