package io.aviary.broker.routing;

import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent subscription trie. Matching a topic walks one path per literal level plus the '+'
 * and '#' branches, so its cost depends on the topic and the wildcards along it, not on the number
 * of unrelated subscriptions. Reads are lock-free (children in concurrent maps, subscriber lists as
 * copy-on-write arrays); writes are serialised, since SUBSCRIBE is rare next to PUBLISH.
 *
 * <p>The subscriber type is the broker's choice: a local session, or another node of a cluster.
 * Equality of subscribers decides replacement [MQTT-3.8.4-3].
 */
public final class SubscriptionIndex<S> {
  /**
   * Told when a filter ({@code $share/{group}/{filter}} counting as its own) gets its first
   * subscription and loses its last one, under the index's write lock: in the order the changes
   * happen, and before the next change.
   */
  public interface FilterListener {
    void firstSubscription(SubscriptionFilter filter);

    void lastUnsubscription(SubscriptionFilter filter);
  }

  private static final FilterListener NO_LISTENER =
      new FilterListener() {
        @Override
        public void firstSubscription(SubscriptionFilter filter) {}

        @Override
        public void lastUnsubscription(SubscriptionFilter filter) {}
      };

  private final Node<S> root = new Node<>(null, "", null);
  private final Object writeLock = new Object();
  private final FilterListener listener;
  private int size;

  public SubscriptionIndex() {
    this(NO_LISTENER);
  }

  public SubscriptionIndex(FilterListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Adds or replaces {@code subscriber}'s subscription to {@code filter}.
   *
   * @return true if the subscription is new, false if an existing one was replaced
   */
  public boolean subscribe(S subscriber, SubscriptionFilter filter, SubscriptionOptions options) {
    Objects.requireNonNull(subscriber, "subscriber");
    Entry<S> entry = new Entry<>(subscriber, options);
    synchronized (writeLock) {
      Node<S> node = root;
      TopicFilter f = filter.filter();
      for (int i = 0; i < f.levelCount(); i++) {
        node = node.childForWrite(f.level(i));
      }
      node.filter = f;
      boolean added;
      boolean first;
      if (filter.isShared()) {
        SharedGroup<S> group = node.group(filter.shareGroup());
        if (group == null) {
          group = new SharedGroup<>(filter.shareGroup(), f, newArray(0));
          node.groups = append(node.groups, group);
        }
        Entry<S>[] members = group.members;
        int at = indexOf(members, subscriber);
        added = at < 0;
        group.members = added ? append(members, entry) : replace(members, at, entry);
        first = added && members.length == 0;
      } else {
        Entry<S>[] subs = node.subscribers;
        int at = indexOf(subs, subscriber);
        added = at < 0;
        node.subscribers = added ? append(subs, entry) : replace(subs, at, entry);
        first = added && subs.length == 0;
      }
      if (added) {
        size++;
      }
      if (first) {
        listener.firstSubscription(filter);
      }
      return added;
    }
  }

  /**
   * Removes {@code subscriber}'s subscription to {@code filter}.
   *
   * @return true if there was one
   */
  public boolean unsubscribe(S subscriber, SubscriptionFilter filter) {
    synchronized (writeLock) {
      Node<S> node = root;
      TopicFilter f = filter.filter();
      for (int i = 0; i < f.levelCount() && node != null; i++) {
        node = node.child(f.level(i));
      }
      if (node == null) {
        return false;
      }
      boolean removed;
      boolean last;
      if (filter.isShared()) {
        SharedGroup<S> group = node.group(filter.shareGroup());
        if (group == null) {
          return false;
        }
        int at = indexOf(group.members, subscriber);
        removed = at >= 0;
        if (removed) {
          group.members = remove(group.members, at);
          if (group.members.length == 0) {
            node.groups = removeGroup(node.groups, group);
          }
        }
        last = removed && group.members.length == 0;
      } else {
        int at = indexOf(node.subscribers, subscriber);
        removed = at >= 0;
        if (removed) {
          node.subscribers = remove(node.subscribers, at);
        }
        last = removed && node.subscribers.length == 0;
      }
      if (removed) {
        size--;
        prune(node);
      }
      if (last) {
        listener.lastUnsubscription(filter);
      }
      return removed;
    }
  }

  /** Visits every subscription whose filter matches {@code topic}. */
  public void match(TopicName topic, MatchVisitor<S> visitor) {
    walk(root, topic, 0, visitor);
  }

  /**
   * Every filter with at least one subscription, a shared group's as {@code
   * $share/{group}/{filter}}; a snapshot consistent with the changes the listener has been told of.
   */
  public List<SubscriptionFilter> filters() {
    List<SubscriptionFilter> filters = new ArrayList<>();
    synchronized (writeLock) {
      collect(root, filters);
    }
    return filters;
  }

  private static <S> void collect(Node<S> node, List<SubscriptionFilter> into) {
    if (node.subscribers.length > 0) {
      into.add(new SubscriptionFilter(null, node.filter));
    }
    for (SharedGroup<S> g : node.groups) {
      into.add(new SubscriptionFilter(g.name(), node.filter));
    }
    for (Node<S> child : node.children.values()) {
      collect(child, into);
    }
    if (node.plus != null) {
      collect(node.plus, into);
    }
    if (node.hash != null) {
      collect(node.hash, into);
    }
  }

  /** Number of subscriptions (shared members counted one each). */
  public int size() {
    synchronized (writeLock) {
      return size;
    }
  }

  private void walk(Node<S> node, TopicName topic, int depth, MatchVisitor<S> visitor) {
    if (depth == topic.levelCount()) {
      emit(node, visitor);
      Node<S> hash = node.hash;
      if (hash != null) {
        emit(hash, visitor); // "a/#" also matches "a" [MQTT-4.7.1-1]
      }
      return;
    }
    boolean wildcardsAllowed = depth > 0 || !topic.isSystem();
    if (wildcardsAllowed) {
      Node<S> hash = node.hash;
      if (hash != null) {
        emit(hash, visitor);
      }
      Node<S> plus = node.plus;
      if (plus != null) {
        walk(plus, topic, depth + 1, visitor);
      }
    }
    Node<S> child = node.children.get(topic.level(depth));
    if (child != null) {
      walk(child, topic, depth + 1, visitor);
    }
  }

  private static <S> void emit(Node<S> node, MatchVisitor<S> visitor) {
    Entry<S>[] subs = node.subscribers;
    for (Entry<S> e : subs) {
      visitor.subscriber(e.subscriber(), e.options(), node.filter);
    }
    SharedGroup<S>[] groups = node.groups;
    for (SharedGroup<S> g : groups) {
      visitor.shared(g);
    }
  }

  private void prune(Node<S> node) {
    while (node.parent != null && node.isEmpty()) {
      node.parent.removeChild(node);
      node = node.parent;
    }
  }

  private static <S> int indexOf(Entry<S>[] entries, S subscriber) {
    for (int i = 0; i < entries.length; i++) {
      if (entries[i].subscriber().equals(subscriber)) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private static <S> Entry<S>[] newArray(int length) {
    return (Entry<S>[]) new Entry<?>[length];
  }

  private static <T> T[] append(T[] array, T item) {
    T[] copy = Arrays.copyOf(array, array.length + 1);
    copy[array.length] = item;
    return copy;
  }

  private static <T> T[] replace(T[] array, int at, T item) {
    T[] copy = array.clone();
    copy[at] = item;
    return copy;
  }

  private static <T> T[] remove(T[] array, int at) {
    T[] copy = Arrays.copyOf(array, array.length - 1);
    System.arraycopy(array, at + 1, copy, at, array.length - at - 1);
    return copy;
  }

  private static <S> SharedGroup<S>[] removeGroup(SharedGroup<S>[] groups, SharedGroup<S> group) {
    for (int i = 0; i < groups.length; i++) {
      if (groups[i] == group) {
        return remove(groups, i);
      }
    }
    return groups;
  }

  private static final class Node<S> {
    final Node<S> parent;
    final String level;
    final ConcurrentHashMap<String, Node<S>> children = new ConcurrentHashMap<>(4);
    volatile Node<S> plus;
    volatile Node<S> hash;
    volatile Entry<S>[] subscribers;
    volatile SharedGroup<S>[] groups;
    volatile TopicFilter filter;

    @SuppressWarnings("unchecked")
    Node(Node<S> parent, String level, TopicFilter filter) {
      this.parent = parent;
      this.level = level;
      this.filter = filter;
      this.subscribers = newArray(0);
      this.groups = (SharedGroup<S>[]) new SharedGroup<?>[0];
    }

    Node<S> child(String level) {
      return switch (level) {
        case "+" -> plus;
        case "#" -> hash;
        default -> children.get(level);
      };
    }

    Node<S> childForWrite(String level) {
      Node<S> existing = child(level);
      if (existing != null) {
        return existing;
      }
      Node<S> created = new Node<>(this, level, null);
      switch (level) {
        case "+" -> plus = created;
        case "#" -> hash = created;
        default -> children.put(level, created);
      }
      return created;
    }

    void removeChild(Node<S> child) {
      switch (child.level) {
        case "+" -> plus = null;
        case "#" -> hash = null;
        default -> children.remove(child.level, child);
      }
    }

    SharedGroup<S> group(String name) {
      for (SharedGroup<S> g : groups) {
        if (g.name().equals(name)) {
          return g;
        }
      }
      return null;
    }

    boolean isEmpty() {
      return subscribers.length == 0
          && groups.length == 0
          && plus == null
          && hash == null
          && children.isEmpty();
    }
  }
}
