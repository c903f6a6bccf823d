package io.aviary.broker.message;

import io.aviary.broker.topic.TopicName;

/**
 * An application message as accepted from a publisher: immutable and shared by every delivery. The
 * payload array is never modified after construction and never inspected.
 *
 * @param topic the topic as routed (mounted under the organization's prefix once tenancy exists)
 * @param payload the opaque payload bytes
 * @param qos the QoS the publisher sent with
 * @param retain the RETAIN flag as published
 * @param properties MQTT 5 properties forwarded to subscribers
 * @param expiresAtMillis wall-clock expiry from the Message Expiry Interval, or 0 for none
 * @param publisher the publishing session's key, for No Local; null for server-made messages
 */
public record Message(
    TopicName topic,
    byte[] payload,
    int qos,
    boolean retain,
    PublishProperties properties,
    long expiresAtMillis,
    Object publisher) {

  public boolean isExpired(long nowMillis) {
    return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
  }

  /** Seconds left for the Message Expiry Interval property on delivery, or -1 when none. */
  public long remainingExpirySeconds(long nowMillis) {
    if (expiresAtMillis == 0) {
      return -1;
    }
    return Math.max(1, (expiresAtMillis - nowMillis + 999) / 1000);
  }

  /** The same message with a different retain flag (retain-as-published, retained delivery). */
  public Message withRetain(boolean value) {
    return value == retain
        ? this
        : new Message(topic, payload, qos, value, properties, expiresAtMillis, publisher);
  }
}
