package io.aviary.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorDiffJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Policy AGENTS =
      Templates.get(Templates.AGENT_PIPELINES_ID).orElseThrow().policy();

  @Test
  void simulatorNamesTheRuleTheBoundTopicAndTheTrace() {
    Subject agent = Subject.of(Map.of("agent_id", List.of("a1")));
    Simulation allowed =
        Simulator.simulate(AGENTS, agent, Action.SUBSCRIBE, "agents/a1/inbox", 1, false);
    assertThat(allowed.decision().allowed()).isTrue();
    assertThat(allowed.decision().ruleLabel()).isEqualTo("own-inbox");
    assertThat(allowed.boundTopic()).isEqualTo("agents/a1/inbox");
    assertThat(allowed.trace())
        .extracting(s -> s.rule().label() + ":" + s.outcome())
        .containsExactly("orchestrator:condition", "own-inbox:matched");
    assertThat(allowed.trace().get(0).detail()).contains("Role is absent");

    Simulation refused =
        Simulator.simulate(AGENTS, agent, Action.SUBSCRIBE, "agents/a2/inbox", 0, false);
    assertThat(refused.decision().allowed()).isFalse();
    assertThat(refused.decision().ruleLabel()).isEqualTo("default");
    assertThat(refused.boundTopic()).isNull();
    assertThat(refused.trace())
        .extracting(Simulation.Step::outcome)
        .containsExactly("condition", "topic", "action", "action", "topic", "variable");
    assertThat(refused.trace().get(5).detail()).contains("{claim:pipeline} is not bound");
  }

  @Test
  void simulatorChecksASharedSubscriptionOnItsFilterAndRefusesBadTopics() {
    Subject agent = Subject.of(Map.of("agent_id", List.of("a1")));
    assertThat(
            Simulator.simulate(
                    AGENTS, agent, Action.SUBSCRIBE, "$share/g/agents/a1/inbox", 0, false)
                .decision()
                .allowed())
        .isTrue();
    assertThatThrownBy(() -> Simulator.simulate(AGENTS, agent, Action.PUBLISH, "a/+", 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wildcard '+'");
    assertThatThrownBy(() -> Simulator.simulate(AGENTS, agent, Action.SUBSCRIBE, "a/#/b", 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid");
  }

  @Test
  void diffListsRuleChangesAndTheDecisionsTheyChange() {
    Policy from =
        Policies.rules(
            "{'name':'keep','topic':'k','action':'all','effect':'allow'}",
            "{'name':'gone','topic':'g','action':'all','effect':'allow'}",
            "{'name':'edit','topic':'e/+','action':'publish','effect':'allow'}");
    Policy to =
        Policies.rules(
            "{'name':'keep','topic':'k','action':'all','effect':'allow'}",
            "{'name':'edit','topic':'e/+','action':'publish','effect':'allow','qos':[0]}",
            "{'name':'new','topic':'n','action':'subscribe','effect':'allow'}");
    Subject who = Subject.of(Map.of());
    List<PolicyDiff.Probe> probes =
        List.of(
            new PolicyDiff.Probe(who, Action.PUBLISH, "k", 0, false),
            new PolicyDiff.Probe(who, Action.PUBLISH, "g", 0, false),
            new PolicyDiff.Probe(who, Action.PUBLISH, "e/x", 1, false),
            new PolicyDiff.Probe(who, Action.SUBSCRIBE, "n", 0, false),
            new PolicyDiff.Probe(who, Action.PUBLISH, "not/+/valid", 0, false));
    PolicyDiff.Result diff = PolicyDiff.diff(from, to, probes);
    assertThat(diff.defaultChanged()).isFalse();
    assertThat(diff.rules())
        .extracting(c -> c.kind() + " " + (c.to() != null ? c.to() : c.from()).name())
        .containsExactly("changed edit", "added new", "removed gone");
    assertThat(diff.decisions())
        .extracting(c -> c.probe().topic() + " " + c.from().allowed() + "->" + c.to().allowed())
        .containsExactly("g true->false", "e/x true->false", "n false->true");
    assertThat(PolicyDiff.diff(from, from, probes).isEmpty()).isTrue();
  }

  @Test
  void jsonShapes() throws Exception {
    ObjectNode validation =
        AclJson.validation(PolicyDocument.parse("{\"version\":\"2.0\",\"rules\":[{}]}"));
    assertThat(validation.get("valid").asBoolean()).isFalse();
    JsonNode first = validation.get("problems").get(0);
    assertThat(first.get("severity").asText()).isEqualTo("error");
    assertThat(first.get("pointer").asText()).isEqualTo("/rules/0");
    assertThat(first.get("line").asInt()).isEqualTo(1);
    assertThat(first.get("column").asInt()).isEqualTo(27);

    JsonNode body =
        JSON.readTree(
            """
            {"identity": {"agent_id": "a1", "role": ["x", "y"]}, "action": "subscribe",
             "topic": "agents/a1/inbox", "qos": 1, "retain": false, "source_ip": "10.0.0.1", "mqtt_version": "5.0"}
            """);
    PolicyDiff.Probe probe = AclJson.probe(body, "");
    assertThat(probe.subject().bindings()).containsEntry("role", List.of("x", "y"));
    assertThat(probe.subject().source()).isEqualTo(InetAddress.getByName("10.0.0.1"));
    assertThat(probe.subject().protocolVersion()).isEqualTo(5);
    assertThat(AclJson.probe(probe)).isEqualTo(body);

    ObjectNode sim =
        AclJson.simulation(
            Simulator.simulate(AGENTS, probe.subject(), probe.action(), probe.topic(), 1, false));
    assertThat(sim.get("verdict").asText()).isEqualTo("allow");
    assertThat(sim.get("rule").asText()).isEqualTo("own-inbox");
    assertThat(sim.get("rule_index").asInt()).isEqualTo(1);
    assertThat(sim.get("reason").asText()).isEqualTo("rule");
    assertThat(sim.get("bound_topic").asText()).isEqualTo("agents/a1/inbox");
    assertThat(sim.get("trace").get(1).get("outcome").asText()).isEqualTo("matched");

    assertThatThrownBy(
            () -> AclJson.probe(JSON.readTree("{\"identity\":{},\"action\":\"all\"}"), "/cases/3"))
        .isInstanceOfSatisfying(
            AclJson.InvalidInput.class, e -> assertThat(e.pointer()).isEqualTo("/cases/3/action"));
    ObjectNode template = AclJson.template(Templates.get("blank").orElseThrow());
    assertThat(template.get("policy").get("rules").size()).isZero();
  }

  @Test
  void cidrs() throws Exception {
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.255.0.1"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(Cidr.parse("192.168.1.7").contains(InetAddress.getByName("192.168.1.7"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::1")))
        .isTrue();
    assertThatThrownBy(() -> Cidr.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
  }
}
