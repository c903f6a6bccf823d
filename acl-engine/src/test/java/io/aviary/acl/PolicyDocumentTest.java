package io.aviary.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyDocumentTest {

  private static List<Problem> problems(String json) {
    return PolicyDocument.parse(json.replace('\'', '"')).problems();
  }

  private static Problem only(String json) {
    List<Problem> p = problems(json);
    assertThat(p).hasSize(1);
    return p.get(0);
  }

  private static String rule(String body) {
    return "{'version':'2.0','default_action':'deny','rules':[" + body + "]}";
  }

  @Test
  void readsEveryField() {
    Policy p =
        Policies.parse(
            rule(
                "{'name':'r','topic':'a/{user_id}/#','action':'publish','effect':'allow',"
                    + "'priority':5,'qos':[0,1],'qos_mode':'downgrade','retain':false,"
                    + "'when':{'claims':{'tier':['gold','silver'],'team':'x'},'roles':'admin',"
                    + "'client_id':'dev-*','source_cidrs':['10.0.0.0/8'],'mqtt_versions':['3.1.1','5.0']}}"));
    Rule r = p.rules().get(0);
    assertThat(r.name()).isEqualTo("r");
    assertThat(r.topic()).isEqualTo("a/{user_id}/#");
    assertThat(r.action()).isEqualTo(Action.PUBLISH);
    assertThat(r.priority()).isEqualTo(5);
    assertThat(r.qos()).containsExactlyInAnyOrder(0, 1);
    assertThat(r.qosMode()).isEqualTo(QosMode.DOWNGRADE);
    assertThat(r.retain()).isFalse();
    assertThat(r.when().claims()).containsEntry("tier", List.of("gold", "silver"));
    assertThat(r.when().claims()).containsEntry("team", List.of("x"));
    assertThat(r.when().roles()).containsExactly("admin");
    assertThat(r.when().clientId()).isEqualTo("dev-*");
    assertThat(r.when().sourceCidrs()).containsExactly(Cidr.parse("10.0.0.0/8"));
    assertThat(r.when().mqttVersions()).containsExactlyInAnyOrder(4, 5);
    assertThat(PolicyDocument.parse(PolicyDocument.write(p)).policy()).isEqualTo(p);
  }

  @Test
  void defaultActionDefaultsToDeny() {
    assertThat(Policies.parse("{'version':'2.0','rules':[]}").defaultAction())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void reportsEveryProblemAtOnceWithPointerLineAndColumn() {
    String json =
        """
        {
          "version": "1.0",
          "default_action": "maybe",
          "rules": [
            { "topic": "a/#/b", "action": "publish", "effect": "allow" },
            { "topic": "x/{nope}", "action": "read", "effect": "allow", "colour": 1 },
            { "name": "dup", "topic": "c", "action": "all", "effect": "deny" },
            { "name": "dup", "topic": "d+", "action": "all", "effect": "deny", "qos": [0] }
          ]
        }
        """;
    ParseResult r = PolicyDocument.parse(json);
    assertThat(r.valid()).isFalse();
    assertThat(r.errors())
        .extracting(Problem::pointer, Problem::line, Problem::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/version", 2, 14),
            org.assertj.core.groups.Tuple.tuple("/default_action", 3, 21),
            org.assertj.core.groups.Tuple.tuple("/rules/0/topic", 5, 16),
            org.assertj.core.groups.Tuple.tuple("/rules/1/topic", 6, 16),
            org.assertj.core.groups.Tuple.tuple("/rules/1/action", 6, 38),
            org.assertj.core.groups.Tuple.tuple("/rules/1/colour", 6, 75),
            org.assertj.core.groups.Tuple.tuple("/rules/3/name", 8, 15),
            org.assertj.core.groups.Tuple.tuple("/rules/3/topic", 8, 31),
            org.assertj.core.groups.Tuple.tuple("/rules/3/qos", 8, 79));
    assertThat(r.errors().get(2).message()).contains("'#' must be the last level");
    assertThat(r.errors().get(3).message()).contains("Unknown variable {nope}");
    assertThat(r.errors().get(5).message()).contains("Unknown field \"colour\"");
    assertThat(r.errors().get(6).message()).contains("already used by /rules/2");
    assertThat(r.errors().get(7).message()).contains("whole level");
    assertThat(r.errors().get(8).message()).contains("allow rules only");
    assertThat(r.errors().get(0).toString()).startsWith("2:14: error: ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty topic| {'topic':'','action':'all','effect':'allow'}| /rules/0/topic| topic is empty",
        "plus inside level| {'topic':'a/b+/c','action':'all','effect':'allow'}| /rules/0/topic| whole level",
        "hash not last| {'topic':'#/a','action':'all','effect':'allow'}| /rules/0/topic| last level",
        "unclosed variable| {'topic':'a/{user_id','action':'all','effect':'allow'}| /rules/0/topic| never closed",
        "stray brace| {'topic':'a/user}','action':'all','effect':'allow'}| /rules/0/topic| without a matching",
        "bad claim name| {'topic':'a/{claim:}','action':'all','effect':'allow'}| /rules/0/topic| Unknown variable",
        "share prefix| {'topic':'$share/g/a','action':'all','effect':'allow'}| /rules/0/topic| $share",
        "missing topic| {'action':'all','effect':'allow'}| /rules/0| topic\" is required",
        "missing action| {'topic':'a','effect':'allow'}| /rules/0| action\" is required",
        "bad effect| {'topic':'a','action':'all','effect':'permit'}| /rules/0/effect| allow\" or \"deny",
        "qos out of range| {'topic':'a','action':'all','effect':'allow','qos':[3]}| /rules/0/qos/0| levels 0, 1 or 2",
        "qos twice| {'topic':'a','action':'all','effect':'allow','qos':[1,1]}| /rules/0/qos/1| listed twice",
        "qos empty| {'topic':'a','action':'all','effect':'allow','qos':[]}| /rules/0/qos| non-empty array",
        "bad qos_mode| {'topic':'a','action':'all','effect':'allow','qos':[0],'qos_mode':'drop'}| /rules/0/qos_mode| reject",
        "retain on deny| {'topic':'a','action':'all','effect':'deny','retain':true}| /rules/0/retain| allow rules only",
        "retain not bool| {'topic':'a','action':'all','effect':'allow','retain':'no'}| /rules/0/retain| true or false",
        "float priority| {'topic':'a','action':'all','effect':'allow','priority':1.5}| /rules/0/priority| integer",
        "bad cidr| {'topic':'a','action':'all','effect':'allow','when':{'source_cidrs':['10.0.0.0/33']}}| /rules/0/when/source_cidrs/0| prefix longer",
        "host name cidr| {'topic':'a','action':'all','effect':'allow','when':{'source_cidrs':'example.com'}}| /rules/0/when/source_cidrs| not an IPv4",
        "bad mqtt version| {'topic':'a','action':'all','effect':'allow','when':{'mqtt_versions':['4']}}| /rules/0/when/mqtt_versions/0| not an MQTT version",
        "unknown condition| {'topic':'a','action':'all','effect':'allow','when':{'ip':'x'}}| /rules/0/when/ip| Unknown field",
        "empty roles| {'topic':'a','action':'all','effect':'allow','when':{'roles':[]}}| /rules/0/when/roles| non-empty",
        "client id variable| {'topic':'a','action':'all','effect':'allow','when':{'client_id':'{bogus}-*'}}| /rules/0/when/client_id| Unknown variable",
        "rule not object| 1| /rules/0| JSON object",
      })
  void refuses(String name, String rule, String pointer, String message) {
    ParseResult r = PolicyDocument.parse(rule(rule).replace('\'', '"'));
    assertThat(r.valid()).isFalse();
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).pointer()).isEqualTo(pointer);
    assertThat(r.errors().get(0).message()).contains(message);
    assertThat(r.errors().get(0).line()).isPositive();
  }

  @Test
  void malformedJsonIsOneProblemWithItsPosition() {
    Problem p = only("{\n  'version': '2.0',\n  'rules': [ { 'topic': 'a' ] }");
    assertThat(p.severity()).isEqualTo(Severity.ERROR);
    assertThat(p.message()).startsWith("Malformed JSON");
    assertThat(p.line()).isEqualTo(3);
  }

  @Test
  void duplicateKeysAreErrors() {
    Problem p = only("{'version':'2.0','version':'2.0','rules':[]}");
    assertThat(p.pointer()).isEqualTo("/version");
    assertThat(p.message()).contains("twice");
  }

  @Test
  void topLevelMustBeAnObjectWithVersionAndRules() {
    assertThat(only("[]").message()).contains("JSON object");
    assertThat(problems("{'rules':[]}"))
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("version"));
    assertThat(problems("{'version':'2.0'}"))
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("rules"));
  }

  @Test
  void warnsAboutEmptyLevelsButNotALeadingSlash() {
    ParseResult r =
        PolicyDocument.parse(
            rule("{'topic':'/{email}/inbox','action':'subscribe','effect':'allow'},"
                    + "{'topic':'a//b','action':'subscribe','effect':'allow'}")
                .replace('\'', '"'));
    assertThat(r.valid()).isTrue();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.pointer()).isEqualTo("/rules/1/topic");
              assertThat(w.message()).contains("empty");
            });
  }

  @Test
  void warnsAboutRulesShadowedByAnEarlierBroaderRule() {
    ParseResult r =
        PolicyDocument.parse(
            rule("{'name':'low','topic':'a/b','action':'publish','effect':'allow'},"
                    + "{'name':'broad','topic':'a/+','action':'all','effect':'deny','priority':1},"
                    + "{'name':'conditional','topic':'#','action':'all','effect':'deny','when':{'roles':'x'},'priority':2},"
                    + "{'name':'narrow-var','topic':'u/{user_id}/x','action':'subscribe','effect':'allow'},"
                    + "{'name':'var','topic':'u/{user_id}/#','action':'subscribe','effect':'deny','priority':1}")
                .replace('\'', '"'));
    assertThat(r.valid()).isTrue();
    assertThat(r.warnings())
        .extracting(Problem::pointer)
        .containsExactlyInAnyOrder("/rules/0", "/rules/3");
    assertThat(r.warnings().get(0).message())
        .contains("Rule low can never decide: rule broad is evaluated first");
  }

  @Test
  void warnsAboutAPublishAllowOnEverything() {
    ParseResult r =
        PolicyDocument.parse(
            rule("{'topic':'+/#','action':'all','effect':'allow'}").replace('\'', '"'));
    assertThat(r.valid()).isTrue();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.pointer()).isEqualTo("/rules/0/topic");
              assertThat(w.message()).contains("every topic");
            });
    assertThat(
            PolicyDocument.parse(
                    rule("{'topic':'#','action':'subscribe','effect':'allow'}").replace('\'', '"'))
                .warnings())
        .isEmpty();
  }

  @Test
  void templatesAreValidAndRoundTrip() {
    assertThat(Templates.all())
        .extracting(Template::id)
        .containsExactly(
            "permit-all", "notifications", "agent-pipelines", "chat-channels", "blank");
    for (Template t : Templates.all()) {
      ParseResult again = PolicyDocument.parse(PolicyDocument.write(t.policy()));
      assertThat(again.errors()).as(t.id()).isEmpty();
      assertThat(again.policy()).as(t.id()).isEqualTo(t.policy());
    }
    assertThat(Templates.blank().rules()).isEmpty();
    assertThat(Templates.blank().defaultAction()).isEqualTo(Effect.DENY);
  }

  @Test
  void tooManyRulesIsAnError() {
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i <= PolicyDocument.MAX_RULES; i++) {
      rules
          .append(i == 0 ? "" : ",")
          .append("{'topic':'t/")
          .append(i)
          .append("','action':'all','effect':'allow'}");
    }
    assertThat(only(rule(rules.toString())).message()).contains("at most 10000 rules");
  }
}
