package io.aviary.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random policies over a small topic universe, checked against brute force: the index agrees with
 * the rule-by-rule walk, and an allowed wildcard subscription never covers a topic that a literal
 * subscription would be refused on.
 */
class RandomizedTest {
  private static final String[] LEVELS = {"a", "b", "{user_id}", "+", "#", "$s"};
  private static final String[] TOPIC_LEVELS = {"a", "b", "u1", "$s"};

  private static List<String> universe() {
    List<String> topics = new ArrayList<>();
    for (String l1 : TOPIC_LEVELS) {
      topics.add(l1);
      for (String l2 : TOPIC_LEVELS) {
        if (!l2.startsWith("$")) {
          topics.add(l1 + "/" + l2);
          for (String l3 : TOPIC_LEVELS) {
            if (!l3.startsWith("$")) {
              topics.add(l1 + "/" + l2 + "/" + l3);
            }
          }
        }
      }
    }
    return topics;
  }

  private static List<String> filters() {
    List<String> filters = new ArrayList<>(universe());
    String[] wild = {"a", "u1", "+", "#", "$s"};
    for (String l1 : wild) {
      filters.add(l1);
      if (!l1.equals("#")) {
        for (String l2 : wild) {
          if (!l2.startsWith("$")) {
            filters.add(l1 + "/" + l2);
            if (!l2.equals("#")) {
              filters.add(l1 + "/" + l2 + "/#");
              filters.add(l1 + "/" + l2 + "/+");
            }
          }
        }
      }
    }
    return filters.stream().distinct().toList();
  }

  private static String randomTopic(Random r) {
    int n = 1 + r.nextInt(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String level = LEVELS[r.nextInt(LEVELS.length)];
      if (level.equals("#") && i != n - 1 || level.startsWith("$") && i > 0) {
        level = "a";
      }
      b.append(i == 0 ? "" : "/").append(level);
    }
    return b.toString();
  }

  private static Policy randomPolicy(Random r) {
    int n = r.nextInt(7);
    List<String> rules = new ArrayList<>();
    String[] actions = {"publish", "subscribe", "all"};
    for (int i = 0; i < n; i++) {
      StringBuilder rule = new StringBuilder("{'topic':'" + randomTopic(r) + "'");
      rule.append(",'action':'").append(actions[r.nextInt(3)]).append("'");
      boolean allow = r.nextBoolean();
      rule.append(",'effect':'").append(allow ? "allow" : "deny").append("'");
      if (r.nextInt(4) == 0) {
        rule.append(",'priority':").append(r.nextInt(3) - 1);
      }
      if (allow && r.nextInt(4) == 0) {
        rule.append(",'qos':[0").append(r.nextBoolean() ? ",1" : "").append("]");
        if (r.nextBoolean()) {
          rule.append(",'qos_mode':'downgrade'");
        }
      }
      if (r.nextInt(5) == 0) {
        rule.append(",'when':{'roles':'admin'}");
      }
      rules.add(rule.append("}").toString());
    }
    String def = r.nextInt(3) == 0 ? "allow" : "deny";
    return Policies.parse(
        "{'version':'2.0','default_action':'"
            + def
            + "','rules':["
            + String.join(",", rules)
            + "]}");
  }

  @Test
  void indexAgreesWithTheWalkAndWildcardsNeverOverreach() {
    Random random = new Random(20261201L);
    List<String> topics = universe();
    List<String> filters = filters();
    int allowedWildcards = 0;
    for (int round = 0; round < 400; round++) {
      Policy policy = randomPolicy(random);
      Subject subject =
          Subject.of(
              random.nextBoolean()
                  ? Map.of("user_id", List.of("u1"), "role", List.of("admin"))
                  : Map.of("user_id", List.of("u1")));
      CompiledPolicy compiled = CompiledPolicy.compile(policy);
      SessionAcl session = compiled.bind(subject);
      for (String topic : topics) {
        assertThat(session.mayReceive(TopicName.parse(topic)))
            .as("receive %s in %s", topic, policy)
            .isEqualTo(
                session.subscribe(TopicFilter.parse(topic), 0).allowed()
                    || session.subscribe(TopicFilter.parse(topic), 1).allowed()
                    || session.subscribe(TopicFilter.parse(topic), 2).allowed());
        for (int qos = 0; qos < 3; qos++) {
          Decision fast = session.publish(TopicName.parse(topic), qos, qos == 1);
          Decision slow =
              Simulator.simulate(compiled, subject, Action.PUBLISH, topic, qos, qos == 1)
                  .decision();
          assertThat(fast).as("publish %s in %s", topic, policy).isEqualTo(slow);
        }
      }
      for (String filter : filters) {
        TopicFilter f = TopicFilter.parse(filter);
        Decision fast = session.subscribe(f, 2);
        Decision slow =
            Simulator.simulate(compiled, subject, Action.SUBSCRIBE, filter, 2, false).decision();
        assertThat(fast).as("subscribe %s in %s", filter, policy).isEqualTo(slow);
        if (fast.allowed() && f.hasWildcard()) {
          allowedWildcards++;
          for (String topic : topics) {
            if (f.matches(TopicName.parse(topic))) {
              Decision literal = session.subscribe(TopicFilter.parse(topic), 2);
              assertThat(session.mayReceive(TopicName.parse(topic))).isTrue();
              assertThat(literal.allowed())
                  .as("%s allowed, so its topic %s must be, in %s", filter, topic, policy)
                  .isTrue();
              assertThat(literal.qos()).isGreaterThanOrEqualTo(fast.qos());
            }
          }
        }
      }
    }
    assertThat(allowedWildcards).as("the run exercised allowed wildcards").isGreaterThan(100);
  }

  @Test
  void shadowWarningsMatchAPairwiseCheck() {
    Random random = new Random(7L);
    int shadowed = 0;
    for (int round = 0; round < 500; round++) {
      Policy policy = randomPolicy(random);
      List<CompiledPolicy.CompiledRule> ordered = CompiledPolicy.order(policy.rules());
      java.util.Set<String> expected = new java.util.TreeSet<>();
      for (int j = 0; j < ordered.size(); j++) {
        Rule later = ordered.get(j).rule();
        for (int i = 0; i < j; i++) {
          Rule first = ordered.get(i).rule();
          if (first.when().isEmpty()
              && (first.action() == Action.ALL || first.action() == later.action())
              && Matching.covers(
                  CompiledPolicy.texts(ordered.get(i).pattern()),
                  new Matching.Levels(CompiledPolicy.texts(ordered.get(j).pattern())))) {
            expected.add(later.pointer());
            break;
          }
        }
      }
      java.util.Set<String> warned = new java.util.TreeSet<>();
      PolicyDocument.parse(PolicyDocument.write(policy)).warnings().stream()
          .filter(w -> w.message().contains("can never decide"))
          .forEach(w -> warned.add(w.pointer()));
      assertThat(warned).as("%s", policy).isEqualTo(expected);
      shadowed += expected.size();
    }
    assertThat(shadowed).as("the run exercised shadowed rules").isGreaterThan(50);
  }
}
