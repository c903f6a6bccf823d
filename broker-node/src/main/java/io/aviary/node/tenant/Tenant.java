package io.aviary.node.tenant;

import io.aviary.broker.limit.RateLimit;
import io.aviary.broker.retained.InMemoryRetainedStore;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.session.InMemorySessionStore;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.audit.PublishRecording;
import io.aviary.node.identity.OrgConfig;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Peers;
import io.aviary.node.routing.Router;
import io.aviary.node.session.Handover;
import io.aviary.node.session.Session;
import io.aviary.node.session.SessionRegistry;
import io.aviary.node.session.Will;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One organization's namespace on this node: its own subscription index, retained messages and
 * sessions. This is the mountpoint made structural: a session routes, subscribes and resumes only
 * through its organization's tenant, so no filter ({@code #} included), retained message, will or
 * shared group can reach another organization, and client ids are unique per organization only.
 */
public final class Tenant {
  private final OrgId org;
  private final SubscriptionIndex<Session> index;
  private final InMemoryRetainedStore retained;
  private final Router router;
  private final SessionRegistry sessions;
  private final Peers peers;
  private final AtomicInteger liveConnections = new AtomicInteger();
  private volatile RateLimit publishRate = RateLimit.UNLIMITED;
  private final PublishRecording defaultRecording;
  private volatile PublishRecording publishRecording;

  Tenant(
      OrgId org,
      BrokerMetrics metrics,
      int maxRetained,
      int maxQueued,
      PublishRecording defaultRecording,
      Peers peers) {
    this.org = org;
    this.defaultRecording = defaultRecording;
    this.publishRecording = defaultRecording;
    this.retained = new InMemoryRetainedStore(maxRetained);
    // The other nodes hear of a filter's first subscription here and of its last one.
    this.index = new SubscriptionIndex<>(peers.announcer(org));
    this.router = new Router(org, index, retained, metrics, peers);
    this.sessions =
        new SessionRegistry(
            new InMemorySessionStore(),
            router,
            metrics,
            maxQueued,
            peers.sessionReplica(),
            Tenants.key(org, ""),
            clientId -> peers.released(org, clientId));
    this.peers = peers;
  }

  public OrgId org() {
    return org;
  }

  public Router router() {
    return router;
  }

  public SessionRegistry sessions() {
    return sessions;
  }

  /**
   * Makes this node the holder of {@code clientId}'s session in the cluster before it is opened
   * here; completes with the state another node handed over, or null ({@link Peers#claim}). {@code
   * opened} completes once the session is open here.
   */
  public CompletionStage<Handover> claim(
      String clientId, boolean cleanStart, CompletionStage<Void> opened) {
    return peers.claim(org, clientId, cleanStart, opened);
  }

  /**
   * {@code clientId}'s connection here has {@code will}: in a cluster, copied so that another node
   * publishes it if this one is lost ({@link Peers#willCopied}). Returns what removes the copy.
   */
  public Runnable willCopied(String clientId, Will will) {
    return peers.willCopied(org, clientId, will);
  }

  /**
   * Applies what the organization's configuration says about this node's behaviour: its publish
   * rate quota and how it records allowed publishes.
   */
  public void apply(OrgConfig config) {
    publishRate(config.quotas().maxMessagesPerSecond());
    publishRecording =
        config.publishRecording() == null ? defaultRecording : config.publishRecording();
  }

  /** How the organization records allowed publishes. */
  public PublishRecording publishRecording() {
    return publishRecording;
  }

  /**
   * Applies the organization's publish-rate quota ({@code 0}: none), shared by all its connections
   * on this node. The limit is replaced only when the rate changes.
   */
  public void publishRate(int perSecond) {
    if (publishRate.perSecond() != perSecond) {
      publishRate = perSecond == 0 ? RateLimit.UNLIMITED : new RateLimit(perSecond);
    }
  }

  /** Whether one more PUBLISH fits the organization's rate quota now. */
  public boolean admitPublish() {
    RateLimit limit = publishRate;
    // Most organizations have no rate quota: no clock read on their publish path.
    return limit == RateLimit.UNLIMITED || limit.tryAcquire(System.nanoTime());
  }

  /** A connection of this organization was accepted on this node. */
  public void connectionOpened() {
    liveConnections.incrementAndGet();
  }

  /** An accepted connection of this organization closed. */
  public void connectionClosed() {
    liveConnections.decrementAndGet();
  }

  /** This organization's accepted, still open connections on this node. */
  public int liveConnections() {
    return liveConnections.get();
  }

  int subscriptionCount() {
    return index.size();
  }

  int retainedCount() {
    return retained.size();
  }
}
