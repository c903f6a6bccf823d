package io.aviary.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.List;
import java.util.Map;

/** Test helpers: documents from compact text, sessions, checks. */
final class Policies {
  private Policies() {}

  /** A valid policy from JSON written with single quotes for readability. */
  static Policy parse(String json) {
    ParseResult r = PolicyDocument.parse(json.replace('\'', '"'));
    assertThat(r.errors()).as("errors in %s", json).isEmpty();
    return r.policy();
  }

  /** A policy of default deny and the given rules (JSON objects, single-quoted). */
  static Policy rules(String... rules) {
    return parse(
        "{'version':'2.0','default_action':'deny','rules':[" + String.join(",", rules) + "]}");
  }

  static SessionAcl session(Policy policy, Map<String, List<String>> bindings) {
    return CompiledPolicy.compile(policy).bind(Subject.of(bindings));
  }

  static Decision pub(SessionAcl acl, String topic) {
    return acl.publish(TopicName.parse(topic), 0, false);
  }

  static Decision sub(SessionAcl acl, String filter) {
    return acl.subscribe(TopicFilter.parse(filter), 0);
  }
}
