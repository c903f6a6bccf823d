package io.aviary.broker.session;

import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.topic.SubscriptionFilter;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state MQTT keeps for a client between connections [MQTT-4.1]: its subscriptions, its outbound
 * QoS 1/2 messages and the inbound QoS 2 packet ids awaiting PUBREL. Single-threaded: owned by one
 * event loop at a time.
 */
public final class SessionState {
  private final String clientId;
  private final Map<SubscriptionFilter, SubscriptionOptions> subscriptions = new LinkedHashMap<>();
  private final OutboundQueue outbound;
  private final BitSet inboundQos2 = new BitSet();
  private int inboundQos2Count;
  private long expiryIntervalSeconds;

  public SessionState(String clientId, int maxQueued, int sendQuota) {
    this.clientId = clientId;
    this.outbound = new OutboundQueue(maxQueued, sendQuota);
  }

  public String clientId() {
    return clientId;
  }

  public OutboundQueue outbound() {
    return outbound;
  }

  /** Records a subscription; returns the options it replaced, or null if it is new. */
  public SubscriptionOptions subscribe(SubscriptionFilter filter, SubscriptionOptions options) {
    return subscriptions.put(filter, options);
  }

  public SubscriptionOptions unsubscribe(SubscriptionFilter filter) {
    return subscriptions.remove(filter);
  }

  public Map<SubscriptionFilter, SubscriptionOptions> subscriptions() {
    return Collections.unmodifiableMap(subscriptions);
  }

  /**
   * Records an inbound QoS 2 PUBLISH.
   *
   * @return false if the packet id is already awaiting PUBREL (a duplicate: do not route again)
   */
  public boolean beginInboundQos2(int packetId) {
    if (inboundQos2.get(packetId)) {
      return false;
    }
    inboundQos2.set(packetId);
    inboundQos2Count++;
    return true;
  }

  /** A PUBREL arrived; returns whether the packet id was awaiting it. */
  public boolean releaseInboundQos2(int packetId) {
    if (!inboundQos2.get(packetId)) {
      return false;
    }
    inboundQos2.clear(packetId);
    inboundQos2Count--;
    return true;
  }

  /** Inbound QoS 2 messages not yet completed, counted against our Receive Maximum. */
  public int inboundQos2Count() {
    return inboundQos2Count;
  }

  public long expiryIntervalSeconds() {
    return expiryIntervalSeconds;
  }

  public void expiryIntervalSeconds(long seconds) {
    this.expiryIntervalSeconds = seconds;
  }
}
