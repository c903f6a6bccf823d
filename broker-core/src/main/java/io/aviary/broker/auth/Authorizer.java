package io.aviary.broker.auth;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;

/**
 * Port: what an identity may publish and subscribe to. {@link #forSession} is called once per
 * connection so an implementation can bind the identity's variables and cache a compiled policy;
 * the returned checks run on the event loop and must be in-memory and fast.
 */
public interface Authorizer {
  SessionPolicy forSession(Identity identity, String clientId);

  /** The per-connection checks. */
  interface SessionPolicy {
    boolean canPublish(TopicName topic, int qos, boolean retain);

    boolean canSubscribe(TopicFilter filter, int qos);
  }
}
