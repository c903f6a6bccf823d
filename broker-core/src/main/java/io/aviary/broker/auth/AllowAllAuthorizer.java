package io.aviary.broker.auth;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;

/** Allows everything. Only the development mode may wire this in; production denies by default. */
public final class AllowAllAuthorizer implements Authorizer {
  private static final SessionPolicy ALLOW_ALL =
      new SessionPolicy() {
        @Override
        public boolean canPublish(TopicName topic, int qos, boolean retain) {
          return true;
        }

        @Override
        public boolean canSubscribe(TopicFilter filter, int qos) {
          return true;
        }
      };

  @Override
  public SessionPolicy forSession(Identity identity, String clientId) {
    return ALLOW_ALL;
  }
}
