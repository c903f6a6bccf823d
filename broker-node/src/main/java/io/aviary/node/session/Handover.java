package io.aviary.node.session;

import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.topic.SubscriptionFilter;
import java.util.List;

/**
 * A persistent session's state as one node hands it to another when its client reconnects there:
 * its subscriptions and the QoS 1/2 deliveries the client has not received, oldest first.
 */
public record Handover(List<Subscription> subscriptions, List<Delivery> pending) {

  public record Subscription(SubscriptionFilter filter, SubscriptionOptions options) {}
}
