package io.aviary.acl;

import static io.aviary.acl.Policies.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven evaluation: each case is a policy, a session, one publish or subscribe and the
 * verdict. Every case is decided twice, by the compiled index (what the broker runs) and by the
 * simulator's rule-by-rule walk, and both must agree.
 */
class EvaluationTest {

  /** One row of the table. */
  record Case(
      String name,
      Policy policy,
      Subject subject,
      Action action,
      String topic,
      int qos,
      boolean retain,
      boolean allowed,
      int grantedQos,
      String rule,
      Decision.Reason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final class Builder {
    private final String name;
    private Policy policy;
    private final Map<String, List<String>> bindings = new LinkedHashMap<>();
    private InetAddress source;
    private int version;
    private Action action = Action.PUBLISH;
    private String topic;
    private int qos;
    private boolean retain;

    Builder(String name) {
      this.name = name;
    }

    Builder policy(Policy p) {
      policy = p;
      return this;
    }

    Builder bind(String key, String... values) {
      bindings.put(key, List.of(values));
      return this;
    }

    Builder from(String ip) {
      try {
        source = InetAddress.getByName(ip);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(e);
      }
      return this;
    }

    Builder mqtt(int level) {
      version = level;
      return this;
    }

    Builder pub(String t) {
      action = Action.PUBLISH;
      topic = t;
      return this;
    }

    Builder sub(String f) {
      action = Action.SUBSCRIBE;
      topic = f;
      return this;
    }

    Builder qos(int q) {
      qos = q;
      return this;
    }

    Builder retained() {
      retain = true;
      return this;
    }

    Case allow(String rule) {
      return new Case(
          name, policy, subject(), action, topic, qos, retain, true, qos, rule, reasonOf(rule));
    }

    Case allowAt(int granted, String rule) {
      return new Case(
          name, policy, subject(), action, topic, qos, retain, true, granted, rule, reasonOf(rule));
    }

    Case deny(String rule) {
      return new Case(
          name, policy, subject(), action, topic, qos, retain, false, qos, rule, reasonOf(rule));
    }

    Case deny(String rule, Decision.Reason reason) {
      return new Case(
          name, policy, subject(), action, topic, qos, retain, false, qos, rule, reason);
    }

    private static Decision.Reason reasonOf(String rule) {
      return rule.equals("default") ? Decision.Reason.DEFAULT : Decision.Reason.RULE;
    }

    private Subject subject() {
      return new Subject(bindings, source, version);
    }
  }

  private static Builder c(String name) {
    return new Builder(name);
  }

  static Stream<Case> cases() {
    Policy precedence =
        rules(
            "{'name':'first-allow','topic':'a/+','action':'publish','effect':'allow'}",
            "{'name':'then-deny','topic':'a/b','action':'publish','effect':'deny'}",
            "{'name':'urgent-deny','topic':'a/secret','action':'publish','effect':'deny','priority':5}",
            "{'name':'low','topic':'#','action':'publish','effect':'allow','priority':-1}");
    Policy inbox =
        rules(
            "{'name':'own-inbox','topic':'agents/{agent_id}/inbox','action':'subscribe','effect':'allow'}",
            "{'name':'own-status','topic':'agents/{agent_id}/status','action':'publish','effect':'allow'}");
    Policy variables =
        rules(
            "{'name':'email','topic':'mail/{email}','action':'publish','effect':'allow'}",
            "{'name':'user','topic':'u/{user_id}','action':'publish','effect':'allow'}",
            "{'name':'agent','topic':'ag/{agent_id}','action':'publish','effect':'allow'}",
            "{'name':'sess','topic':'s/{session_id}','action':'publish','effect':'allow'}",
            "{'name':'client','topic':'c/{client_id}','action':'publish','effect':'allow'}",
            "{'name':'username','topic':'n/{username}','action':'publish','effect':'allow'}",
            "{'name':'role','topic':'r/{role}','action':'publish','effect':'allow'}",
            "{'name':'org','topic':'o/{org_id}','action':'publish','effect':'allow'}",
            "{'name':'claim','topic':'t/{claim:tenant}/x','action':'publish','effect':'allow'}",
            "{'name':'mixed','topic':'dev-{agent_id}-{claim:tenant}','action':'publish','effect':'allow'}");
    Policy wild =
        rules(
            "{'name':'sensors','topic':'sensors/#','action':'subscribe','effect':'allow'}",
            "{'name':'no-secret','topic':'home/+/secret','action':'subscribe','effect':'deny'}",
            "{'name':'home','topic':'home/#','action':'subscribe','effect':'allow'}",
            "{'name':'rooms','topic':'rooms/+/temp','action':'subscribe','effect':'allow'}",
            "{'name':'own','topic':'users/{user_id}/#','action':'subscribe','effect':'allow'}");
    Policy qos =
        rules(
            "{'name':'reject','topic':'r/#','action':'all','effect':'allow','qos':[0,1]}",
            "{'name':'down','topic':'d/#','action':'all','effect':'allow','qos':[0,1],'qos_mode':'downgrade'}",
            "{'name':'only2','topic':'x/#','action':'all','effect':'allow','qos':[2],'qos_mode':'downgrade'}",
            "{'name':'no-retain','topic':'nr/#','action':'publish','effect':'allow','retain':false}",
            "{'name':'retain-ok','topic':'ry/#','action':'publish','effect':'allow','retain':true}");
    Policy conditions =
        rules(
            "{'name':'gold','topic':'tier/x','action':'publish','effect':'allow','when':{'claims':{'tier':'gold'}}}",
            "{'name':'in','topic':'tier/y','action':'publish','effect':'allow','when':{'claims':{'tier':['gold','silver']}}}",
            "{'name':'admin','topic':'admin/#','action':'all','effect':'allow','when':{'roles':['admin','ops']}}",
            "{'name':'glob','topic':'dev/x','action':'publish','effect':'allow','when':{'client_id':'sensor-??-*'}}",
            "{'name':'glob-var','topic':'dev/y','action':'publish','effect':'allow','when':{'client_id':'{user_id}-*'}}",
            "{'name':'lan','topic':'net/x','action':'publish','effect':'allow','when':{'source_cidrs':['10.0.0.0/8','2001:db8::/32']}}",
            "{'name':'v5','topic':'v/x','action':'publish','effect':'allow','when':{'mqtt_versions':['5.0']}}",
            "{'name':'all-of','topic':'both/x','action':'publish','effect':'allow','when':{'roles':'admin','mqtt_versions':['3.1.1']}}");
    Policy defaultAllow =
        Policies.parse(
            "{'version':'2.0','default_action':'allow','rules':["
                + "{'name':'block','topic':'private/#','action':'all','effect':'deny'}]}");
    Policy system =
        rules(
            "{'name':'no-sys','topic':'$SYS/#','action':'all','effect':'deny','priority':1}",
            "{'name':'all','topic':'#','action':'all','effect':'allow'}");

    return Stream.of(
        // Precedence: priority first, then document order, first match wins, then the default.
        c("earlier rule wins over a later one").policy(precedence).pub("a/b").allow("first-allow"),
        c("higher priority wins over document order")
            .policy(precedence)
            .pub("a/secret")
            .deny("urgent-deny"),
        c("negative priority comes last").policy(precedence).pub("z").allow("low"),
        c("action mismatch falls through to default").policy(precedence).sub("a/b").deny("default"),
        c("default deny").policy(rules()).pub("any").deny("default"),
        c("default allow with a deny").policy(defaultAllow).pub("private/x").deny("block"),
        c("default allow decides the rest").policy(defaultAllow).sub("public/#").allow("default"),
        c("default allow refuses a filter overlapping a deny")
            .policy(defaultAllow)
            .sub("#")
            .deny("block", Decision.Reason.FILTER_TOO_WIDE),

        // The agent inbox of the issue.
        c("agent subscribes own inbox")
            .policy(inbox)
            .bind("agent_id", "a1")
            .sub("agents/a1/inbox")
            .allow("own-inbox"),
        c("agent refused other inbox")
            .policy(inbox)
            .bind("agent_id", "a1")
            .sub("agents/a2/inbox")
            .deny("default"),
        c("agent refused all inboxes")
            .policy(inbox)
            .bind("agent_id", "a1")
            .sub("agents/+/inbox")
            .deny("default", Decision.Reason.FILTER_TOO_WIDE),
        c("no agent_id, no match")
            .policy(inbox)
            .bind("user_id", "a1")
            .sub("agents/a1/inbox")
            .deny("default"),
        c("agent publishes own status")
            .policy(inbox)
            .bind("agent_id", "a1")
            .pub("agents/a1/status")
            .allow("own-status"),

        // Every variable.
        c("{email}")
            .policy(variables)
            .bind("email", "ann@example.com")
            .pub("mail/ann@example.com")
            .allow("email"),
        c("{user_id}").policy(variables).bind("user_id", "u1").pub("u/u1").allow("user"),
        c("{agent_id}").policy(variables).bind("agent_id", "a1").pub("ag/a1").allow("agent"),
        c("{session_id}").policy(variables).bind("session_id", "s1").pub("s/s1").allow("sess"),
        c("{client_id}").policy(variables).bind("client_id", "dev1").pub("c/dev1").allow("client"),
        c("{username}")
            .policy(variables)
            .bind("username", "bob@org_x")
            .pub("n/bob@org_x")
            .allow("username"),
        c("{role} any of many")
            .policy(variables)
            .bind("role", "reader", "writer")
            .pub("r/writer")
            .allow("role"),
        c("{org_id}").policy(variables).bind("org_id", "org_abc").pub("o/org_abc").allow("org"),
        c("{claim:tenant}").policy(variables).bind("tenant", "t9").pub("t/t9/x").allow("claim"),
        c("two variables in one level")
            .policy(variables)
            .bind("agent_id", "a1")
            .bind("tenant", "t9")
            .pub("dev-a1-t9")
            .allow("mixed"),
        c("someone else's value")
            .policy(variables)
            .bind("user_id", "u1")
            .pub("u/u2")
            .deny("default"),

        // Injection: a bound value is a literal and never widens a match.
        c("email '#' does not open everything")
            .policy(variables)
            .bind("email", "#")
            .pub("mail/anything")
            .deny("default"),
        c("email 'a/#' does not open a/")
            .policy(variables)
            .bind("email", "a/#")
            .pub("mail/a/b")
            .deny("default"),
        c("email '+' does not match any level")
            .policy(variables)
            .bind("email", "+")
            .pub("mail/bob")
            .deny("default"),
        c("slash in a value never spans levels")
            .policy(variables)
            .bind("user_id", "x/y")
            .pub("u/x/y")
            .deny("default"),
        c("NUL in a value").policy(variables).bind("user_id", "x\u0000").pub("u/x").deny("default"),
        c("braces in a value stay literal")
            .policy(variables)
            .bind("user_id", "{email}")
            .bind("email", "e")
            .pub("u/{email}")
            .allow("user"),
        c("braces in a value do not expand")
            .policy(variables)
            .bind("user_id", "{email}")
            .bind("email", "e")
            .pub("u/e")
            .deny("default"),
        c("plus inside a value cannot be published to")
            .policy(variables)
            .bind("tenant", "a+b")
            .pub("t/x/x")
            .deny("default"),
        c("one unsafe value among safe ones")
            .policy(variables)
            .bind("role", "#", "ops")
            .pub("r/ops")
            .allow("role"),
        c("an unsafe value cannot subscribe wide")
            .policy(wild)
            .bind("user_id", "#")
            .sub("users/#")
            .deny("default", Decision.Reason.DEFAULT),

        // Subscriptions: a filter only where every topic it can match is allowed.
        c("subfilter of an allowed subtree").policy(wild).sub("sensors/+/temp").allow("sensors"),
        c("whole allowed subtree").policy(wild).sub("sensors/#").allow("sensors"),
        c("hash is refused")
            .policy(wild)
            .sub("#")
            .deny("no-secret", Decision.Reason.FILTER_TOO_WIDE),
        c("filter overlapping a deny")
            .policy(wild)
            .sub("home/#")
            .deny("no-secret", Decision.Reason.FILTER_TOO_WIDE),
        c("filter avoiding the deny")
            .policy(wild)
            .sub("home/kitchen/#")
            .deny("no-secret", Decision.Reason.FILTER_TOO_WIDE),
        c("literal next to the deny").policy(wild).sub("home/kitchen/light").allow("home"),
        c("literal on the deny").policy(wild).sub("home/kitchen/secret").deny("no-secret"),
        c("plus covered by plus").policy(wild).sub("rooms/+/temp").allow("rooms"),
        c("wider than the rule")
            .policy(wild)
            .sub("rooms/+/+")
            .deny("default", Decision.Reason.FILTER_TOO_WIDE),
        c("parent level of a hash rule").policy(wild).sub("sensors").allow("sensors"),
        c("hash under own subtree")
            .policy(wild)
            .bind("user_id", "u1")
            .sub("users/u1/#")
            .allow("own"),
        c("plus where the variable is")
            .policy(wild)
            .bind("user_id", "u1")
            .sub("users/+/x")
            .deny("default", Decision.Reason.FILTER_TOO_WIDE),
        c("shared subscription checks its filter").policy(wild).sub("sensors/+").allow("sensors"),

        // QoS and retain.
        c("qos allowed").policy(qos).pub("r/x").qos(1).allow("reject"),
        c("qos rejected")
            .policy(qos)
            .pub("r/x")
            .qos(2)
            .deny("reject", Decision.Reason.QOS_NOT_ALLOWED),
        c("qos downgraded").policy(qos).pub("d/x").qos(2).allowAt(1, "down"),
        c("subscribe qos downgraded").policy(qos).sub("d/#").qos(2).allowAt(1, "down"),
        c("subscribe qos rejected")
            .policy(qos)
            .sub("r/x")
            .qos(2)
            .deny("reject", Decision.Reason.QOS_NOT_ALLOWED),
        c("nothing lower to downgrade to")
            .policy(qos)
            .pub("x/y")
            .qos(1)
            .deny("only2", Decision.Reason.QOS_NOT_ALLOWED),
        c("retain refused")
            .policy(qos)
            .pub("nr/x")
            .retained()
            .deny("no-retain", Decision.Reason.RETAIN_NOT_ALLOWED),
        c("not retained is fine").policy(qos).pub("nr/x").allow("no-retain"),
        c("retain permitted").policy(qos).pub("ry/x").retained().allow("retain-ok"),
        c("retain unrestricted by default").policy(qos).pub("d/x").retained().allow("down"),

        // Conditions.
        c("claim equals").policy(conditions).bind("tier", "gold").pub("tier/x").allow("gold"),
        c("claim equals fails")
            .policy(conditions)
            .bind("tier", "silver")
            .pub("tier/x")
            .deny("default"),
        c("claim in").policy(conditions).bind("tier", "silver").pub("tier/y").allow("in"),
        c("claim absent").policy(conditions).pub("tier/y").deny("default"),
        c("role").policy(conditions).bind("role", "viewer", "ops").sub("admin/#").allow("admin"),
        c("role fails").policy(conditions).bind("role", "viewer").sub("admin/#").deny("default"),
        c("client id glob")
            .policy(conditions)
            .bind("client_id", "sensor-42-kitchen")
            .pub("dev/x")
            .allow("glob"),
        c("client id glob fails")
            .policy(conditions)
            .bind("client_id", "sensor-4-kitchen")
            .pub("dev/x")
            .deny("default"),
        c("client id with variable")
            .policy(conditions)
            .bind("client_id", "u1-phone")
            .bind("user_id", "u1")
            .pub("dev/y")
            .allow("glob-var"),
        c("client id variable is literal")
            .policy(conditions)
            .bind("client_id", "u1-phone")
            .bind("user_id", "*")
            .pub("dev/y")
            .deny("default"),
        c("source in network").policy(conditions).from("10.1.2.3").pub("net/x").allow("lan"),
        c("source in v6 network").policy(conditions).from("2001:db8::5").pub("net/x").allow("lan"),
        c("source outside").policy(conditions).from("192.168.1.1").pub("net/x").deny("default"),
        c("source unknown").policy(conditions).pub("net/x").deny("default"),
        c("mqtt 5").policy(conditions).mqtt(5).pub("v/x").allow("v5"),
        c("mqtt 3.1.1").policy(conditions).mqtt(4).pub("v/x").deny("default"),
        c("every condition must hold")
            .policy(conditions)
            .bind("role", "admin")
            .mqtt(5)
            .pub("both/x")
            .deny("default"),
        c("every condition holds")
            .policy(conditions)
            .bind("role", "admin")
            .mqtt(4)
            .pub("both/x")
            .allow("all-of"),

        // A rule is a set of topics: its wildcards match '$' topics too. A filter is a
        // subscription: one starting with a wildcard delivers no '$' topic, so a deny on one does
        // not make it too wide.
        c("hash rule covers $ topics").policy(system).pub("$app/x").allow("all"),
        c("$ deny first").policy(system).sub("$SYS/x").deny("no-sys"),
        c("hash filter is not too wide for a $ deny").policy(system).sub("#").allow("all"),
        c("plus filter is not too wide for a $ deny").policy(system).sub("+/x").allow("all"),
        c("explicit $ filter meets the deny").policy(system).sub("$SYS/#").deny("no-sys"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    SessionAcl session = CompiledPolicy.compile(c.policy()).bind(c.subject());
    String checked = c.topic().startsWith("$share/") ? c.topic().split("/", 3)[2] : c.topic();
    Decision d =
        c.action() == Action.PUBLISH
            ? session.publish(TopicName.parse(checked), c.qos(), c.retain())
            : session.subscribe(TopicFilter.parse(checked), c.qos());
    assertThat(d.allowed()).as("verdict").isEqualTo(c.allowed());
    assertThat(d.ruleLabel()).as("deciding rule").isEqualTo(c.rule());
    assertThat(d.reason()).as("reason").isEqualTo(c.reason());
    if (d.allowed()) {
      assertThat(d.qos()).as("granted qos").isEqualTo(c.grantedQos());
    }
    Simulation s =
        Simulator.simulate(c.policy(), c.subject(), c.action(), c.topic(), c.qos(), c.retain());
    assertThat(s.decision()).as("simulator agrees with the index").isEqualTo(d);
  }
}
