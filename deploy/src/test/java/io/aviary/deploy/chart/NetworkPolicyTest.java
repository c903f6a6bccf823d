package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies, read the way a network plugin reads them: a pod-to-pod connection is allowed
 * when the source's egress and the destination's ingress both admit it.
 */
class NetworkPolicyTest {

  private static final List<String> COMPONENTS =
      List.of("console", "tenant-api", "acl-service", "audit-pipeline", "broker");

  private static final Set<String> EXPECTED_CALLS =
      Set.of(
          "console -> tenant-api:http",
          "console -> acl-service:http",
          "console -> audit-pipeline:http",
          "console -> broker:http",
          "broker -> tenant-api:http",
          "broker -> acl-service:http",
          "acl-service -> tenant-api:http",
          "audit-pipeline -> tenant-api:http",
          "broker -> broker:cluster",
          "broker -> broker:cluster-bus");

  @Test
  void onlyThePlatformsOwnCallsAreAllowedBetweenItsPods() {
    Manifests m = Chart.render("default");
    Set<String> byIngress = new TreeSet<>();
    Set<String> byEgress = new TreeSet<>();
    for (String from : COMPONENTS) {
      for (String to : COMPONENTS) {
        for (Node port : pod(m, to).list("containers").getFirst().list("ports")) {
          int number = Integer.parseInt(port.str("containerPort"));
          String call = from + " -> " + to + ":" + port.str("name");
          if (ingressAllows(m, from, to, number)) {
            byIngress.add(call);
          }
          if (egressAllows(m, from, to, number)) {
            byEgress.add(call);
          }
        }
      }
    }
    // Each side on its own admits exactly these calls, so neither leans on the other; the MQTT
    // listeners admit anyone, but no pod of the platform is let out to them.
    Set<String> mqttFromAnyone = new TreeSet<>(EXPECTED_CALLS);
    for (String from : COMPONENTS) {
      mqttFromAnyone.add(from + " -> broker:mqtts");
      mqttFromAnyone.add(from + " -> broker:wss");
    }
    assertThat(byIngress)
        .as("admitted by the callees' ingress")
        .containsExactlyInAnyOrderElementsOf(mqttFromAnyone);
    assertThat(byEgress)
        .as("admitted by the callers' egress")
        .containsExactlyInAnyOrderElementsOf(EXPECTED_CALLS);
  }

  @Test
  void everyComponentHasAPolicyForBothDirections() {
    Manifests m = Chart.render("default");
    for (String component : COMPONENTS) {
      Node policy = policy(m, component);
      assertThat(policy.strings("spec.podSelector.matchLabels"))
          .as(component)
          .isEqualTo(selector(m, component));
      assertThat(policy.list("spec.policyTypes"))
          .as(component)
          .map(Node::str)
          .containsExactlyInAnyOrder("Ingress", "Egress");
    }
  }

  @Test
  void mqttClientsReachOnlyTheTlsListenersAndTheConsoleOnlyTheIngressController() {
    Manifests m = Chart.render("default");
    List<Node> open =
        policy(m, "broker").list("spec.ingress").stream()
            .filter(r -> !r.at("from").exists())
            .toList();
    assertThat(open).hasSize(1);
    assertThat(open.getFirst().list("ports"))
        .map(p -> p.str("port"))
        .containsExactly("mqtts", "wss");

    List<Node> fromOutside =
        policy(m, "console").list("spec.ingress").stream()
            .flatMap(r -> r.list("from").stream())
            .filter(peer -> peer.at("namespaceSelector").exists())
            .toList();
    assertThat(fromOutside)
        .map(
            peer ->
                peer.strings("namespaceSelector.matchLabels").get("kubernetes.io/metadata.name"))
        .containsExactlyInAnyOrder("ingress-nginx", "monitoring");
    for (String component : List.of("tenant-api", "acl-service", "audit-pipeline")) {
      assertThat(
              policy(m, component).list("spec.ingress").stream()
                  .filter(r -> !r.at("from").exists()))
          .as(component + " admits everyone")
          .isEmpty();
    }
  }

  @Test
  void onlyTheServicesWithADatabaseReachPostgresqlAndOnlyTheNarrowedNetwork() {
    Manifests m = Chart.render("production");
    assertThat(componentsReaching(m, 5432))
        .containsExactlyInAnyOrder("tenant-api", "acl-service", "audit-pipeline");
    // Kafka's SASL/SCRAM port in this values set; the plaintext one is closed.
    assertThat(componentsReaching(m, 9096))
        .containsExactlyInAnyOrder("tenant-api", "acl-service", "audit-pipeline", "broker");
    assertThat(componentsReaching(m, 9092)).isEmpty();
    assertThat(componentsReaching(m, 443)).containsExactlyInAnyOrder("tenant-api", "broker");
    // SMTP is on in this values set, for invitation mail.
    assertThat(componentsReaching(m, 587)).containsExactly("tenant-api");

    Node database =
        policy(m, "acl-service").list("spec.egress").stream()
            .filter(r -> r.list("ports").stream().anyMatch(p -> p.str("port").equals("5432")))
            .findFirst()
            .orElseThrow();
    assertThat(database.list("to"))
        .map(peer -> peer.str("ipBlock.cidr"))
        .containsExactly("10.20.0.0/16");
    assertThat(componentsReaching(Chart.render("default"), 587)).isEmpty();
  }

  @Test
  void policiesAreOptional() {
    assertThat(Chart.render("minimal").ofKind("NetworkPolicy")).isEmpty();
  }

  private static Set<String> componentsReaching(Manifests m, int port) {
    return COMPONENTS.stream()
        .filter(
            c ->
                policy(m, c).list("spec.egress").stream()
                    .anyMatch(
                        r ->
                            r.list("ports").stream()
                                .anyMatch(p -> p.str("port").equals(Integer.toString(port)))))
        .collect(Collectors.toSet());
  }

  private static boolean egressAllows(Manifests m, String from, String to, int port) {
    return policy(m, from).list("spec.egress").stream()
        .anyMatch(
            rule ->
                admitsPort(rule, pod(m, to), port)
                    && (!rule.at("to").exists()
                        || rule.list("to").stream().anyMatch(peer -> selects(peer, m, to))));
  }

  private static boolean ingressAllows(Manifests m, String from, String to, int port) {
    return policy(m, to).list("spec.ingress").stream()
        .anyMatch(
            rule ->
                admitsPort(rule, pod(m, to), port)
                    && (!rule.at("from").exists()
                        || rule.list("from").stream().anyMatch(peer -> selects(peer, m, from))));
  }

  /** A peer with only a podSelector selects pods of the policy's namespace by their labels. */
  private static boolean selects(Node peer, Manifests m, String component) {
    if (peer.at("namespaceSelector").exists() || peer.at("ipBlock").exists()) {
      return false;
    }
    Map<String, String> labels =
        m.workloads()
            .filter(w -> w.component().equals(component))
            .findFirst()
            .orElseThrow()
            .strings("spec.template.metadata.labels");
    return labels.entrySet().containsAll(peer.strings("podSelector.matchLabels").entrySet());
  }

  private static boolean admitsPort(Node rule, Node destinationPod, int port) {
    if (!rule.at("ports").exists()) {
      return true;
    }
    Map<String, Node> named = destinationPod.list("containers").getFirst().byName("ports");
    return rule.list("ports").stream()
        .map(p -> p.str("port"))
        .anyMatch(
            p ->
                p.equals(Integer.toString(port))
                    || (named.containsKey(p)
                        && named.get(p).str("containerPort").equals(Integer.toString(port))));
  }

  private static Node policy(Manifests m, String component) {
    return m.ofKind("NetworkPolicy")
        .filter(p -> p.component().equals(component))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NetworkPolicy for " + component));
  }

  private static Node pod(Manifests m, String component) {
    return m.workloads()
        .filter(w -> w.component().equals(component))
        .findFirst()
        .orElseThrow()
        .at("spec.template.spec");
  }

  private static Map<String, String> selector(Manifests m, String component) {
    return m.workloads()
        .filter(w -> w.component().equals(component))
        .findFirst()
        .orElseThrow()
        .strings("spec.selector.matchLabels");
  }
}
