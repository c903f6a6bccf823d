package io.aviary.broker.retained;

import io.aviary.broker.message.Message;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.function.Consumer;

/** Retained messages by topic [MQTT-3.3.1-5..7]. Implementations are safe for concurrent use. */
public interface RetainedStore {

  /** Outcome of {@link #retain}. */
  enum Result {
    STORED,
    REPLACED,
    CLEARED,
    /** The store is at its bound; the message is not retained (it is still routed). */
    LIMIT_REACHED
  }

  /**
   * Stores {@code message} as the topic's retained message, or clears it if the payload is empty.
   */
  Result retain(Message message);

  /** The retained message of {@code topic}, or null. */
  Message get(TopicName topic);

  /** Calls {@code sink} for each unexpired retained message whose topic matches {@code filter}. */
  void match(TopicFilter filter, long nowMillis, Consumer<Message> sink);

  /** Number of retained messages. */
  int size();
}
