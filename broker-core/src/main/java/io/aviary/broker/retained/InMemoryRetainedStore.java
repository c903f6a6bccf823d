package io.aviary.broker.retained;

import io.aviary.broker.message.Message;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Retained messages in a topic trie, so a subscribe with a wildcard filter walks only the matching
 * branches. Bounded by a maximum count; at the bound new topics are refused, replacing and clearing
 * still work.
 */
public final class InMemoryRetainedStore implements RetainedStore {
  private final Node root = new Node(null, "");
  private final AtomicInteger size = new AtomicInteger();
  private final int maxMessages;

  public InMemoryRetainedStore(int maxMessages) {
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be positive");
    }
    this.maxMessages = maxMessages;
  }

  @Override
  public Result retain(Message message) {
    TopicName topic = message.topic();
    boolean clear = message.payload().length == 0;
    synchronized (root) {
      if (clear) {
        Node node = find(topic);
        if (node == null || node.message == null) {
          return Result.CLEARED;
        }
        node.message = null;
        size.decrementAndGet();
        prune(node);
        return Result.CLEARED;
      }
      Node node = root;
      for (int i = 0; i < topic.levelCount(); i++) {
        String level = topic.level(i);
        Node child = node.children.get(level);
        if (child == null) {
          if (size.get() >= maxMessages) {
            prune(node);
            return Result.LIMIT_REACHED;
          }
          child = new Node(node, level);
          node.children.put(level, child);
        }
        node = child;
      }
      boolean replaced = node.message != null;
      if (!replaced && size.get() >= maxMessages) {
        prune(node);
        return Result.LIMIT_REACHED;
      }
      node.message = message.withRetain(true);
      if (!replaced) {
        size.incrementAndGet();
      }
      return replaced ? Result.REPLACED : Result.STORED;
    }
  }

  @Override
  public Message get(TopicName topic) {
    Node node = find(topic);
    return node == null ? null : node.message;
  }

  @Override
  public void match(TopicFilter filter, long nowMillis, Consumer<Message> sink) {
    walk(root, filter, 0, nowMillis, sink);
  }

  @Override
  public int size() {
    return size.get();
  }

  private Node find(TopicName topic) {
    Node node = root;
    for (int i = 0; i < topic.levelCount() && node != null; i++) {
      node = node.children.get(topic.level(i));
    }
    return node;
  }

  private void walk(Node node, TopicFilter filter, int depth, long now, Consumer<Message> sink) {
    if (depth == filter.levelCount()) {
      emit(node, now, sink);
      return;
    }
    String level = filter.level(depth);
    switch (level) {
      case "#" -> {
        emit(node, now, sink); // "a/#" matches "a" itself
        for (Node child : node.children.values()) {
          if (depth > 0 || !child.level.startsWith("$")) {
            all(child, now, sink);
          }
        }
      }
      case "+" -> {
        for (Node child : node.children.values()) {
          if (depth > 0 || !child.level.startsWith("$")) {
            walk(child, filter, depth + 1, now, sink);
          }
        }
      }
      default -> {
        Node child = node.children.get(level);
        if (child != null) {
          walk(child, filter, depth + 1, now, sink);
        }
      }
    }
  }

  private void all(Node node, long now, Consumer<Message> sink) {
    emit(node, now, sink);
    for (Node child : node.children.values()) {
      all(child, now, sink);
    }
  }

  private static void emit(Node node, long now, Consumer<Message> sink) {
    Message m = node.message;
    if (m != null && !m.isExpired(now)) {
      sink.accept(m);
    }
  }

  private void prune(Node node) {
    while (node.parent != null && node.message == null && node.children.isEmpty()) {
      node.parent.children.remove(node.level, node);
      node = node.parent;
    }
  }

  private static final class Node {
    final Node parent;
    final String level;
    final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
    volatile Message message;

    Node(Node parent, String level) {
      this.parent = parent;
      this.level = level;
    }
  }
}
