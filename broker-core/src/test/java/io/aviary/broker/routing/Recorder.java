package io.aviary.broker.routing;

import io.aviary.broker.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;

/** A visitor that records every callback, to check what a match emitted and how often. */
final class Recorder<S> implements MatchVisitor<S> {
  /** One ordinary subscription emitted by a match. */
  record Hit<S>(S subscriber, SubscriptionOptions options, TopicFilter filter) {}

  final List<Hit<S>> hits = new ArrayList<>();
  final List<SharedGroup<S>> groups = new ArrayList<>();

  @Override
  public void subscriber(S subscriber, SubscriptionOptions options, TopicFilter filter) {
    hits.add(new Hit<>(subscriber, options, filter));
  }

  @Override
  public void shared(SharedGroup<S> group) {
    groups.add(group);
  }

  /** "subscriber@filter" for each ordinary hit, in emission order. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (Hit<S> h : hits) {
      keys.add(h.subscriber() + "@" + h.filter().value());
    }
    return keys;
  }

  /** "group@filter" for each shared group emitted, in emission order. */
  List<String> groupKeys() {
    List<String> keys = new ArrayList<>();
    for (SharedGroup<S> g : groups) {
      keys.add(g.name() + "@" + g.filter().value());
    }
    return keys;
  }
}
