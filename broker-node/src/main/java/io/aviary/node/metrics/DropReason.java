package io.aviary.node.metrics;

import java.util.Locale;

/** Why a message did not reach a subscriber. */
public enum DropReason {
  /** The session's QoS 1/2 queue was full. */
  QUEUE_FULL,
  /** A QoS 0 message met a connection whose write queue was over its byte bound. */
  SLOW_SUBSCRIBER,
  /** A QoS 0 message for a session that is offline (QoS 0 is not queued). */
  OFFLINE_QOS0,
  /** The Message Expiry Interval passed before delivery. */
  EXPIRED,
  /** Larger than the Maximum Packet Size the client announced [MQTT-3.1.2-25]. */
  PACKET_TOO_LARGE,
  /** A shared subscription with no member able to take it. */
  NO_SHARED_MEMBER,
  /** Queued for a session whose identity or ACL policy changed and may no longer receive it. */
  NOT_AUTHORIZED;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
