package io.aviary.broker.routing;

/** One subscriber's subscription as stored in the index. */
public record Entry<S>(S subscriber, SubscriptionOptions options) {}
