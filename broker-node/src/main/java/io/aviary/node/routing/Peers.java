package io.aviary.node.routing;

import io.aviary.broker.message.Message;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.session.Handover;
import io.aviary.node.session.SessionReplica;
import io.aviary.node.session.Will;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The other broker nodes, as a router sees them: which of them have subscribers for an
 * organization's topics, and how to hand them a message. A single node has none.
 */
public interface Peers {
  /** A node on its own: no other nodes, nothing copied. */
  Peers NONE = new SingleNode();

  /**
   * This node now has a subscription to {@code filter} where it had none. Called in the order of
   * the node's changes to that filter (under the subscription index's write lock).
   */
  void routeAdded(OrgId org, SubscriptionFilter filter);

  /** This node's last subscription to {@code filter} went. */
  void routeRemoved(OrgId org, SubscriptionFilter filter);

  /** What {@code org}'s subscription index tells of its filters' first and last subscriptions. */
  default SubscriptionIndex.FilterListener announcer(OrgId org) {
    return new SubscriptionIndex.FilterListener() {
      @Override
      public void firstSubscription(SubscriptionFilter filter) {
        routeAdded(org, filter);
      }

      @Override
      public void lastUnsubscription(SubscriptionFilter filter) {
        routeRemoved(org, filter);
      }
    };
  }

  /**
   * The other nodes' routes for {@code org}: each node id subscribed once per filter it has local
   * subscribers for; null until another node has had any. Once returned, the same index serves the
   * organization for good, so a router may keep it.
   */
  SubscriptionIndex<String> routes(OrgId org);

  /**
   * Hands {@code message} to {@code node}, which delivers it to its subscribers and, of its shared
   * groups, only to those named in {@code sharedGroups} (as {@code $share/{group}/{filter}}). For
   * QoS 1 and 2 completes once that node has routed it (failed when it does not say so in time);
   * null for QoS 0, which nothing waits for.
   */
  CompletionStage<Void> forward(String node, OrgId org, Message message, List<String> sharedGroups);

  /**
   * Tells every other node that {@code message} is now the retained message of its topic. Completes
   * once the cluster holds it (a backup included); null when there is no cluster.
   */
  CompletionStage<Void> retained(OrgId org, Message message);

  /**
   * Makes this node the holder of {@code clientId}'s session in the cluster. A node that held it
   * closes its connection (0x8E) and, unless {@code cleanStart}, hands over the session's state.
   * Completes, on any thread, with that state or null.
   *
   * @param opened completes once the session is open here (or the connection gave up): a takeover
   *     by another node meanwhile waits for it, and so takes over what opened
   */
  CompletionStage<Handover> claim(
      OrgId org, String clientId, boolean cleanStart, CompletionStage<Void> opened);

  /** This node no longer holds {@code clientId}'s session. */
  void released(OrgId org, String clientId);

  /**
   * {@code clientId}'s connection here has {@code will}: copied, where there are other nodes, so
   * that one of them publishes it if this node is lost while the client is connected. Returns what
   * removes the copy, to run once the connection ended or lost its will (this node alone answers
   * for it then).
   */
  default Runnable willCopied(OrgId org, String clientId, Will will) {
    return () -> {};
  }

  /** Where persistent sessions are copied so another node can serve them; null for none. */
  default SessionReplica sessionReplica() {
    return null;
  }
}
