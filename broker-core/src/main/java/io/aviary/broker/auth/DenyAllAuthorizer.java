package io.aviary.broker.auth;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;

/** Denies every publish and subscribe: the default until a policy allows something. */
public final class DenyAllAuthorizer implements Authorizer {
  private static final SessionPolicy DENY_ALL =
      new SessionPolicy() {
        @Override
        public boolean canPublish(TopicName topic, int qos, boolean retain) {
          return false;
        }

        @Override
        public boolean canSubscribe(TopicFilter filter, int qos) {
          return false;
        }
      };

  @Override
  public SessionPolicy forSession(Identity identity, String clientId) {
    return DENY_ALL;
  }
}
