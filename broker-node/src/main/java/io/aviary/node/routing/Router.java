package io.aviary.node.routing;

import io.aviary.broker.message.Message;
import io.aviary.broker.retained.RetainedStore;
import io.aviary.broker.routing.Entry;
import io.aviary.broker.routing.RouteCollector;
import io.aviary.broker.routing.SharedGroup;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.metrics.DropReason;
import io.aviary.node.session.Session;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routes one organization's accepted messages: to this node's sessions whose subscriptions match,
 * each delivery handed to the subscriber's own event loop, and once to each other node that has
 * matching subscribers ({@link Peers}). A shared group spread over several nodes gets each message
 * once: the publishing node picks this node or one of the others, round-robin, and a forwarded
 * message names the groups its receiver was picked for.
 */
public final class Router {
  private static final FastThreadLocal<RouteCollector<Session>> LOCAL =
      new FastThreadLocal<>() {
        @Override
        protected RouteCollector<Session> initialValue() {
          return new RouteCollector<>();
        }
      };
  private static final FastThreadLocal<RouteCollector<String>> REMOTE =
      new FastThreadLocal<>() {
        @Override
        protected RouteCollector<String> initialValue() {
          return new RouteCollector<>();
        }
      };

  private final OrgId org;
  private final SubscriptionIndex<Session> index;
  private final RetainedStore retained;
  private final BrokerMetrics metrics;
  private final Peers peers;

  /** The other nodes' routes for the organization, kept once the cluster has them. */
  private volatile SubscriptionIndex<String> otherNodes;

  public Router(
      OrgId org,
      SubscriptionIndex<Session> index,
      RetainedStore retained,
      BrokerMetrics metrics,
      Peers peers) {
    this.org = org;
    this.index = index;
    this.retained = retained;
    this.metrics = metrics;
    this.peers = peers;
  }

  /**
   * Routes {@code message}, accepted on this node, to every matching subscription in the cluster.
   *
   * @return the number of local subscribers and other nodes it was handed to
   */
  public int route(Message message) {
    return route(message, null);
  }

  /**
   * As {@link #route(Message)}, adding to {@code confirmations} what the publisher's answer must
   * wait for: each other node's word that it routed a QoS 1 or 2 message (and copied it for its
   * persistent sessions), and this node's copies for its own.
   */
  public int route(Message message, Confirmations confirmations) {
    RouteCollector<Session> routes = LOCAL.get().reset(message.publisher());
    index.match(message.topic(), routes);
    int n = deliverToSubscribers(message, routes, confirmations);
    SubscriptionIndex<String> others = otherNodes();
    RouteCollector<String> nodes = null;
    if (others != null) {
      nodes = REMOTE.get().reset(null);
      others.match(message.topic(), nodes);
    }
    if (nodes == null || nodes.size() == 0 && nodes.sharedGroups().isEmpty()) {
      // No other node has a match: only this node's shared groups are left, and nothing to
      // allocate.
      for (SharedGroup<Session> group : routes.sharedGroups()) {
        n += deliverToMember(message, group, group.nextIndex(), confirmations);
      }
      return n;
    }
    Map<String, List<String>> picked = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      picked.put(nodes.subscriber(i), List.of());
    }
    List<SharedGroup<String>> remoteGroups = nodes.sharedGroups();
    for (SharedGroup<Session> group : routes.sharedGroups()) {
      SharedGroup<String> elsewhere = take(remoteGroups, group.name(), group);
      // One turn of the group's cursor picks this node or another; this node's own members take
      // their turns among the turns that fall to it.
      int turn = group.nextIndex();
      int candidates = elsewhere == null ? 1 : 1 + elsewhere.size();
      int choice = Math.floorMod(turn, candidates);
      if (choice == 0) {
        n += deliverToMember(message, group, Math.floorDiv(turn, candidates), confirmations);
      } else {
        assign(picked, elsewhere.members()[choice - 1].subscriber(), group.name(), group);
      }
    }
    for (SharedGroup<String> group : remoteGroups) {
      Entry<String> member = group.pick();
      if (member != null) {
        assign(picked, member.subscriber(), group.name(), group);
      }
    }
    for (Map.Entry<String, List<String>> target : picked.entrySet()) {
      CompletionStage<Void> routed =
          peers.forward(target.getKey(), org, message, target.getValue());
      if (confirmations != null) {
        confirmations.add(routed);
      }
    }
    return n + picked.size();
  }

  /**
   * Looked up until the organization has routes on another node, then kept ({@link Peers#routes}).
   */
  private SubscriptionIndex<String> otherNodes() {
    SubscriptionIndex<String> known = otherNodes;
    if (known == null) {
      known = peers.routes(org);
      if (known != null) {
        otherNodes = known;
      }
    }
    return known;
  }

  /**
   * Routes a message another node accepted and forwarded here: to this node's subscribers, and to a
   * member of each shared group named in {@code sharedGroups}. {@code confirmations}, unless null,
   * gets what the other node's answer must wait for: the copies of persistent sessions.
   */
  public int routeForwarded(
      Message message, List<String> sharedGroups, Confirmations confirmations) {
    RouteCollector<Session> routes = LOCAL.get().reset(null);
    index.match(message.topic(), routes);
    int n = deliverToSubscribers(message, routes, confirmations);
    if (!sharedGroups.isEmpty()) {
      for (SharedGroup<Session> group : routes.sharedGroups()) {
        if (sharedGroups.contains(groupKey(group.name(), group))) {
          n += deliverToMember(message, group, group.nextIndex(), confirmations);
        }
      }
    }
    return n;
  }

  private static int deliverToSubscribers(
      Message message, RouteCollector<Session> routes, Confirmations confirmations) {
    int n = routes.size();
    for (int i = 0; i < n; i++) {
      Session target = routes.subscriber(i);
      int qos = Math.min(message.qos(), routes.qos(i));
      boolean retain = message.retain() && routes.retainAsPublished(i);
      int[] ids = routes.subscriptionIds(i);
      deliver(target, message, qos, retain, ids, confirmations);
    }
    return n;
  }

  /**
   * Hands a delivery to the subscriber's loop. When the session is copied to the cluster, a QoS 1/2
   * publisher's answer waits for the copy.
   */
  private static void deliver(
      Session target,
      Message message,
      int qos,
      boolean retain,
      int[] ids,
      Confirmations confirmations) {
    if (confirmations != null && qos > 0 && target.copiesMessages()) {
      CompletableFuture<Void> stored = new CompletableFuture<>();
      confirmations.add(stored);
      target.execute(() -> target.deliver(message, qos, retain, ids, stored));
    } else {
      target.execute(() -> target.deliver(message, qos, retain, ids));
    }
  }

  private int deliverToMember(
      Message message, SharedGroup<Session> group, int turn, Confirmations confirmations) {
    Entry<Session> member = pickMember(group, turn);
    if (member == null) {
      metrics.dropped(DropReason.NO_SHARED_MEMBER);
      return 0;
    }
    Session target = member.subscriber();
    SubscriptionOptions options = member.options();
    int qos = Math.min(message.qos(), options.maxQos());
    boolean retain = message.retain() && options.retainAsPublished();
    int[] ids = options.subscriptionIds();
    deliver(target, message, qos, retain, ids, confirmations);
    return 1;
  }

  /** Removes and returns the other nodes' group of the same name and filter, if any. */
  private static SharedGroup<String> take(
      List<SharedGroup<String>> groups, String name, SharedGroup<?> like) {
    for (int i = 0; i < groups.size(); i++) {
      SharedGroup<String> g = groups.get(i);
      if (g.name().equals(name) && g.filter().equals(like.filter())) {
        groups.remove(i);
        return g.size() == 0 ? null : g;
      }
    }
    return null;
  }

  private static void assign(
      Map<String, List<String>> picked, String node, String name, SharedGroup<?> group) {
    List<String> groups = picked.get(node);
    if (groups == null || groups.isEmpty()) {
      groups = new ArrayList<>(2);
      picked.put(node, groups);
    }
    groups.add(groupKey(name, group));
  }

  private static String groupKey(String name, SharedGroup<?> group) {
    return "$share/" + name + "/" + group.filter().value();
  }

  /**
   * Prefers a connected member, round-robin from turn {@code start}; falls back to an offline one
   * (it queues QoS 1/2).
   */
  private static Entry<Session> pickMember(SharedGroup<Session> group, int start) {
    Entry<Session>[] members = group.members();
    if (members.length == 0) {
      return null;
    }
    for (int k = 0; k < members.length; k++) {
      Entry<Session> candidate = members[Math.floorMod(start + k, members.length)];
      if (candidate.subscriber().isOnline()) {
        return candidate;
      }
    }
    return members[Math.floorMod(start, members.length)];
  }

  /**
   * Stores or clears the retained message of the message's topic, on this node and, when it was
   * taken, on every other node.
   */
  public Retained retain(Message message) {
    RetainedStore.Result result = retained.retain(message);
    if (result == RetainedStore.Result.LIMIT_REACHED) {
      return new Retained(result, null);
    }
    return new Retained(result, peers.retained(org, message));
  }

  /**
   * What {@link #retain} did: the store's result, and when the other nodes' copy is safe (null when
   * there is none to wait for).
   */
  public record Retained(RetainedStore.Result result, CompletionStage<Void> replicated) {}

  /** Applies a retained message another node took (or cleared); not passed on again. */
  public void retainedElsewhere(Message message) {
    retained.retain(message);
  }

  /** Adds a subscription; returns true if it is new. */
  public boolean subscribe(
      Session session, SubscriptionFilter filter, SubscriptionOptions options) {
    return index.subscribe(session, filter, options);
  }

  public boolean unsubscribe(Session session, SubscriptionFilter filter) {
    return index.unsubscribe(session, filter);
  }

  /** The filters this node has subscribers for, for a peer that asks for all of them. */
  public List<SubscriptionFilter> filters() {
    return index.filters();
  }

  /** Sends the retained messages matching a new subscription to {@code session} (its loop). */
  public void sendRetained(
      Session session, SubscriptionFilter filter, SubscriptionOptions options) {
    int[] ids = options.subscriptionIds();
    retained.match(
        filter.filter(),
        System.currentTimeMillis(),
        m -> session.deliver(m, Math.min(m.qos(), options.maxQos()), true, ids));
  }

  public int subscriptionCount() {
    return index.size();
  }

  public int retainedCount() {
    return retained.size();
  }
}
