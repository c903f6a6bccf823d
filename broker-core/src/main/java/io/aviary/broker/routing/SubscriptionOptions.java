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

  private static final int[] NO_IDS = new int[0];

  /** The Subscription Identifier as a delivery carries it: empty when there is none. */
  public int[] subscriptionIds() {
    return subscriptionId == 0 ? NO_IDS : new int[] {subscriptionId};
  }

  public static SubscriptionOptions qos(int maxQos) {
    return new SubscriptionOptions(maxQos, false, false, 0, 0);
  }
}
