package io.aviary.node.routing;

import io.aviary.broker.message.Message;
import io.aviary.broker.retained.RetainedStore;
import io.aviary.broker.routing.Entry;
import io.aviary.broker.routing.RouteCollector;
import io.aviary.broker.routing.SharedGroup;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.metrics.DropReason;
import io.aviary.node.session.Session;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Routes accepted messages to the sessions whose subscriptions match, each delivery handed to the
 * subscriber's own event loop. Local sessions are the only route kind today; a clustered node adds
 * remote-node routes as another subscriber kind in the same index.
 */
public final class Router {
  private final SubscriptionIndex<Session> index;
  private final RetainedStore retained;
  private final BrokerMetrics metrics;
  private final FastThreadLocal<RouteCollector<Session>> collectors =
      new FastThreadLocal<>() {
        @Override
        protected RouteCollector<Session> initialValue() {
          return new RouteCollector<>();
        }
      };

  public Router(SubscriptionIndex<Session> index, RetainedStore retained, BrokerMetrics metrics) {
    this.index = index;
    this.retained = retained;
    this.metrics = metrics;
  }

  /**
   * Routes {@code message} to every matching subscription.
   *
   * @return the number of subscribers it was handed to
   */
  public int route(Message message) {
    RouteCollector<Session> routes = collectors.get().reset(message.publisher());
    index.match(message.topic(), routes);
    int n = routes.size();
    for (int i = 0; i < n; i++) {
      Session target = routes.subscriber(i);
      int qos = Math.min(message.qos(), routes.qos(i));
      boolean retain = message.retain() && routes.retainAsPublished(i);
      int[] ids = routes.subscriptionIds(i);
      target.execute(() -> target.deliver(message, qos, retain, ids));
    }
    for (SharedGroup<Session> group : routes.sharedGroups()) {
      Entry<Session> member = pickMember(group);
      if (member == null) {
        metrics.dropped(DropReason.NO_SHARED_MEMBER);
        continue;
      }
      Session target = member.subscriber();
      SubscriptionOptions options = member.options();
      int qos = Math.min(message.qos(), options.maxQos());
      boolean retain = message.retain() && options.retainAsPublished();
      int[] ids = options.subscriptionIds();
      target.execute(() -> target.deliver(message, qos, retain, ids));
      n++;
    }
    return n;
  }

  /** Prefers a connected member, round-robin; falls back to an offline one (it queues QoS 1/2). */
  private static Entry<Session> pickMember(SharedGroup<Session> group) {
    Entry<Session>[] members = group.members();
    if (members.length == 0) {
      return null;
    }
    int start = group.nextIndex();
    for (int k = 0; k < members.length; k++) {
      Entry<Session> candidate = members[Math.floorMod(start + k, members.length)];
      if (candidate.subscriber().isOnline()) {
        return candidate;
      }
    }
    return members[Math.floorMod(start, members.length)];
  }

  /** Stores or clears the retained message of the message's topic. */
  public RetainedStore.Result retain(Message message) {
    return retained.retain(message);
  }

  /** Adds a subscription; returns true if it is new. */
  public boolean subscribe(
      Session session, SubscriptionFilter filter, SubscriptionOptions options) {
    return index.subscribe(session, filter, options);
  }

  public boolean unsubscribe(Session session, SubscriptionFilter filter) {
    return index.unsubscribe(session, filter);
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
