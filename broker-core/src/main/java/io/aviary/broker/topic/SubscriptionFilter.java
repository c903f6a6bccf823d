package io.aviary.broker.topic;

import java.util.Objects;

/**
 * What a SUBSCRIBE names: a topic filter, optionally shared as {@code $share/{group}/{filter}}
 * [MQTT-4.8.2]. {@code shareGroup} is null for an ordinary subscription.
 */
public record SubscriptionFilter(String shareGroup, TopicFilter filter) {
  private static final String SHARE_PREFIX = "$share/";

  public SubscriptionFilter {
    Objects.requireNonNull(filter, "filter");
  }

  public static SubscriptionFilter parse(String value) {
    return parse(value, TopicName.DEFAULT_MAX_LEVELS);
  }

  public static SubscriptionFilter parse(String value, int maxLevels) {
    if (!value.startsWith(SHARE_PREFIX)) {
      return new SubscriptionFilter(null, TopicFilter.parse(value, maxLevels));
    }
    // The whole "$share/{group}/{filter}" is the one string bounded by [MQTT-4.7.3-3].
    Topics.checkCharacters(value, "topic filter");
    int slash = value.indexOf('/', SHARE_PREFIX.length());
    if (slash < 0) {
      throw new InvalidTopicException("a shared subscription needs $share/{group}/{filter}");
    }
    String group = value.substring(SHARE_PREFIX.length(), slash);
    if (group.isEmpty()) {
      throw new InvalidTopicException("the share name of a shared subscription is empty");
    }
    if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
      throw new InvalidTopicException("the share name must not contain '+' or '#'");
    }
    Topics.checkCharacters(group, "share name");
    String filter = value.substring(slash + 1);
    return new SubscriptionFilter(group, TopicFilter.parse(filter, maxLevels));
  }

  public boolean isShared() {
    return shareGroup != null;
  }

  /** The filter as the client wrote it. */
  public String value() {
    return shareGroup == null ? filter.value() : SHARE_PREFIX + shareGroup + "/" + filter.value();
  }

  @Override
  public String toString() {
    return value();
  }
}
