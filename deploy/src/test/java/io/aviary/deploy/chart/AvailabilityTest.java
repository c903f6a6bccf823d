package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Disruption budgets, autoscaling and spreading. */
class AvailabilityTest {

  @Test
  void everyWorkloadHasABudgetThatSelectsItsPods() {
    Manifests m = Chart.render("default");
    m.workloads()
        .forEach(
            w -> {
              Node pdb = m.get("PodDisruptionBudget", w.name());
              assertThat(pdb.str("spec.maxUnavailable")).as(w.name()).isEqualTo("1");
              assertThat(pdb.strings("spec.selector.matchLabels"))
                  .as(w.name())
                  .isEqualTo(w.strings("spec.selector.matchLabels"));
            });
    assertThat(Chart.render("minimal").ofKind("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void autoscalersTakeOverTheReplicaCount() {
    Manifests m = Chart.render("production");
    Map<String, String> targets =
        m.ofKind("HorizontalPodAutoscaler")
            .collect(
                Collectors.toMap(
                    Node::name,
                    h ->
                        h.str("spec.scaleTargetRef.kind")
                            + "/"
                            + h.str("spec.scaleTargetRef.name")));
    assertThat(targets)
        .isEqualTo(
            Map.of(
                "aviary-broker", "StatefulSet/aviary-broker",
                "aviary-tenant-api", "Deployment/aviary-tenant-api",
                "aviary-acl-service", "Deployment/aviary-acl-service"));
    assertThat(m.get("HorizontalPodAutoscaler", "aviary-broker").str("spec.minReplicas"))
        .isEqualTo("5");
    assertThat(m.get("StatefulSet", "aviary-broker").at("spec.replicas").exists()).isFalse();
    assertThat(m.get("Deployment", "aviary-tenant-api").at("spec.replicas").exists()).isFalse();
    assertThat(m.get("Deployment", "aviary-console").str("spec.replicas")).isEqualTo("2");
    assertThat(Chart.render("default").ofKind("HorizontalPodAutoscaler")).isEmpty();
  }

  @Test
  void replicasSpreadOverZonesAndNodesWithoutBlockingScheduling() {
    Manifests m = Chart.render("default");
    m.workloads()
        .forEach(
            w -> {
              var constraints = w.list("spec.template.spec.topologySpreadConstraints");
              assertThat(constraints)
                  .as(w.name())
                  .map(c -> c.str("topologyKey"))
                  .containsExactlyInAnyOrder(
                      "topology.kubernetes.io/zone", "kubernetes.io/hostname");
              assertThat(constraints)
                  .as(w.name())
                  .allMatch(c -> c.str("whenUnsatisfiable").equals("ScheduleAnyway"))
                  .allMatch(
                      c ->
                          c.strings("labelSelector.matchLabels")
                              .equals(w.strings("spec.selector.matchLabels")));
            });
    assertThat(
            Chart.render("gateway")
                .workloads()
                .filter(w -> w.at("spec.template.spec.topologySpreadConstraints").exists()))
        .isEmpty();
  }

  @Test
  void statelessServicesRollWithoutLosingCapacity() {
    Chart.render("default")
        .ofKind("Deployment")
        .forEach(
            d -> {
              assertThat(d.str("spec.strategy.rollingUpdate.maxUnavailable"))
                  .as(d.name())
                  .isEqualTo("0");
              assertThat(d.str("spec.strategy.rollingUpdate.maxSurge")).as(d.name()).isEqualTo("1");
            });
  }
}
