package io.aviary.broker.routing;

/**
 * Options of one subscription [MQTT-3.8.3.1]: granted maximum QoS, No Local, Retain As Published,
 * Retain Handling (0 send on subscribe, 1 only if new, 2 never) and the Subscription Identifier (0
 * when absent).
 */
public record SubscriptionOptions(
    int maxQos,
    boolean noLocal,
    boolean retainAsPublished,
    int retainHandling,
    int subscriptionId) {

  public SubscriptionOptions {
    if (maxQos < 0 || maxQos > 2) {
      throw new IllegalArgumentException("maxQos must be 0, 1 or 2");
    }
    if (retainHandling < 0 || retainHandling > 2) {
      throw new IllegalArgumentException("retainHandling must be 0, 1 or 2");
    }
  }

  public static SubscriptionOptions qos(int maxQos) {
    return new SubscriptionOptions(maxQos, false, false, 0, 0);
  }
}
