package io.aviary.broker.auth;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;

/**
 * An authorizer with one answer for everything: {@link #DENY_ALL}, the default until a policy
 * allows something, and {@link #ALLOW_ALL}, which only the development mode may wire in.
 */
public final class FixedAuthorizer implements Authorizer {
  public static final FixedAuthorizer ALLOW_ALL = new FixedAuthorizer(true);
  public static final FixedAuthorizer DENY_ALL = new FixedAuthorizer(false);

  private final SessionPolicy policy;

  private FixedAuthorizer(boolean allow) {
    this.policy =
        new SessionPolicy() {
          @Override
          public boolean canPublish(TopicName topic, int qos, boolean retain) {
            return allow;
          }

          @Override
          public boolean canSubscribe(TopicFilter filter, int qos) {
            return allow;
          }
        };
  }

  @Override
  public SessionPolicy forSession(Identity identity, String clientId) {
    return policy;
  }
}
