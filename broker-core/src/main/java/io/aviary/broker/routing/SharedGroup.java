package io.aviary.broker.routing;

import io.aviary.broker.topic.TopicFilter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription ({@code $share/{name}/{filter}}); each matching message
 * goes to one member, chosen round-robin by {@link #pick}.
 */
public final class SharedGroup<S> {
  private final String name;
  private final TopicFilter filter;
  private final AtomicInteger cursor = new AtomicInteger();
  volatile Entry<S>[] members;

  SharedGroup(String name, TopicFilter filter, Entry<S>[] members) {
    this.name = name;
    this.filter = filter;
    this.members = members;
  }

  public String name() {
    return name;
  }

  public TopicFilter filter() {
    return filter;
  }

  public int size() {
    return members.length;
  }

  /** A snapshot of the members, for callers that want to skip unavailable ones. */
  public Entry<S>[] members() {
    return members;
  }

  /** The next member in round-robin order, or null if the group is empty. */
  public Entry<S> pick() {
    Entry<S>[] m = members;
    if (m.length == 0) {
      return null;
    }
    return m[Math.floorMod(cursor.getAndIncrement(), m.length)];
  }

  /** Start index for a caller that walks members itself (to skip offline ones). */
  public int nextIndex() {
    return cursor.getAndIncrement();
  }
}
