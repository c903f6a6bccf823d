package io.aviary.broker.topic;

/**
 * A topic name or filter that breaks the MQTT rules; the message says which rule, for the client.
 */
public final class InvalidTopicException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidTopicException(String message) {
    super(message);
  }
}
