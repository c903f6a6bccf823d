package io.aviary.node.session;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.routing.Router;

/**
 * A connection's will, parsed and authorized at CONNECT, published if it ends ungracefully; in a
 * cluster also when its node is lost while it is connected.
 *
 * @param expirySeconds the will's Message Expiry Interval, or -1 for none
 */
public record Will(
    TopicName topic,
    byte[] payload,
    int qos,
    boolean retain,
    PublishProperties properties,
    long expirySeconds,
    long delaySeconds) {

  /**
   * The publication, to run when the will is due (on whichever loop that is).
   *
   * @param session the publisher's session (for No Local), or null when there is none
   */
  public Runnable publication(Router router, Session session) {
    return () -> {
      long expiresAt = expirySeconds < 0 ? 0 : System.currentTimeMillis() + expirySeconds * 1000;
      Message m = new Message(topic, payload, qos, retain, properties, expiresAt, session);
      if (retain) {
        router.retain(m);
      }
      router.route(m);
    };
  }
}
