package io.aviary.broker.routing;

import io.aviary.broker.topic.TopicFilter;

/** Receives the subscriptions that match a topic, during {@link SubscriptionIndex#match}. */
public interface MatchVisitor<S> {
  /** An ordinary subscription with {@code filter} matched. */
  void subscriber(S subscriber, SubscriptionOptions options, TopicFilter filter);

  /** A shared subscription matched; deliver to one of its members. */
  void shared(SharedGroup<S> group);
}
