package io.aviary.broker.routing;

import io.aviary.broker.topic.TopicFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the routes of one PUBLISH: one delivery per subscriber however many of its subscriptions
 * overlap (QoS the highest granted, every Subscription Identifier kept, Retain As Published if any
 * asks for it) [MQTT-3.3.4-2,3,5], with No Local applied [MQTT-3.8.3-3], plus the shared groups
 * that matched. Reused across publishes by one thread; not thread-safe.
 */
public final class RouteCollector<S> implements MatchVisitor<S> {
  private static final int LINEAR_LIMIT = 8;

  private Object publisher;
  private Object[] subscribers = new Object[8];
  private int[] qos = new int[8];
  private boolean[] retainAsPublished = new boolean[8];
  private int[][] subscriptionIds = new int[8][];
  private int size;
  private final Map<Object, Integer> positions = new HashMap<>();
  private final List<SharedGroup<S>> groups = new ArrayList<>();

  /** Clears the collector for the next publish from {@code publisher} (for No Local). */
  public RouteCollector<S> reset(Object publisher) {
    Arrays.fill(subscribers, 0, size, null);
    Arrays.fill(subscriptionIds, 0, size, null);
    size = 0;
    positions.clear();
    groups.clear();
    this.publisher = publisher;
    return this;
  }

  @Override
  public void subscriber(S subscriber, SubscriptionOptions options, TopicFilter filter) {
    if (options.noLocal() && subscriber.equals(publisher)) {
      return;
    }
    int at = find(subscriber);
    if (at < 0) {
      at = add(subscriber);
      qos[at] = options.maxQos();
      retainAsPublished[at] = options.retainAsPublished();
      subscriptionIds[at] = options.subscriptionIds();
      return;
    }
    qos[at] = Math.max(qos[at], options.maxQos());
    retainAsPublished[at] |= options.retainAsPublished();
    if (options.subscriptionId() != 0) {
      int[] ids = subscriptionIds[at];
      int[] grown = Arrays.copyOf(ids, ids.length + 1);
      grown[ids.length] = options.subscriptionId();
      subscriptionIds[at] = grown;
    }
  }

  @Override
  public void shared(SharedGroup<S> group) {
    groups.add(group);
  }

  public int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  public S subscriber(int i) {
    return (S) subscribers[i];
  }

  public int qos(int i) {
    return qos[i];
  }

  public boolean retainAsPublished(int i) {
    return retainAsPublished[i];
  }

  /** Subscription Identifiers of every matching subscription of subscriber {@code i}. */
  public int[] subscriptionIds(int i) {
    return subscriptionIds[i];
  }

  public List<SharedGroup<S>> sharedGroups() {
    return groups;
  }

  private int find(Object subscriber) {
    if (size <= LINEAR_LIMIT) {
      for (int i = 0; i < size; i++) {
        if (subscribers[i].equals(subscriber)) {
          return i;
        }
      }
      return -1;
    }
    Integer at = positions.get(subscriber);
    return at == null ? -1 : at;
  }

  private int add(Object subscriber) {
    if (size == subscribers.length) {
      int n = size * 2;
      subscribers = Arrays.copyOf(subscribers, n);
      qos = Arrays.copyOf(qos, n);
      retainAsPublished = Arrays.copyOf(retainAsPublished, n);
      subscriptionIds = Arrays.copyOf(subscriptionIds, n);
    }
    if (size == LINEAR_LIMIT) {
      for (int i = 0; i < size; i++) {
        positions.put(subscribers[i], i);
      }
    }
    int at = size++;
    subscribers[at] = subscriber;
    if (size > LINEAR_LIMIT) {
      positions.put(subscriber, at);
    }
    return at;
  }
}
