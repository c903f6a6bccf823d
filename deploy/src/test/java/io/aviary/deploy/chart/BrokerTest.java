package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker nodes: a StatefulSet that finds its peers, keeps its journal, and drains gracefully.
 */
class BrokerTest {

  @TempDir Path temp;

  @Test
  void nodesFindEachOtherThroughAHeadlessServiceThatListsStartingNodes() {
    Manifests m = Chart.render("default");
    Node sts = m.get("StatefulSet", "aviary-broker");
    Node headless = m.get("Service", "aviary-broker-headless");

    assertThat(sts.str("spec.serviceName")).isEqualTo("aviary-broker-headless");
    assertThat(headless.str("spec.clusterIP")).isEqualTo("None");
    assertThat(headless.str("spec.publishNotReadyAddresses")).isEqualTo("true");
    assertThat(headless.strings("spec.selector"))
        .isEqualTo(sts.strings("spec.selector.matchLabels"))
        .containsEntry("app.kubernetes.io/component", "broker");
    assertThat(
            headless.list("spec.ports").stream()
                .collect(Collectors.toMap(p -> p.str("name"), p -> p.str("port"))))
        .isEqualTo(Map.of("cluster", "5701", "cluster-bus", "5801"));
  }

  @Test
  void nodesAreConfiguredForKubernetesClustering() {
    Map<String, Node> env = Chart.render("default").env("broker");

    assertThat(env.get("AVIARY_CLUSTER_ENABLED").str("value")).isEqualTo("true");
    assertThat(env.get("AVIARY_CLUSTER_NAME").str("value")).isEqualTo("aviary");
    assertThat(env.get("AVIARY_CLUSTER_HOST").str("valueFrom.fieldRef.fieldPath"))
        .isEqualTo("status.podIP");
    assertThat(env.get("AVIARY_CLUSTER_PORT").str("value")).isEqualTo("5701");
    assertThat(env.get("AVIARY_CLUSTER_BUS_PORT").str("value")).isEqualTo("5801");
    assertThat(env.get("AVIARY_CLUSTER_KUBERNETES_SERVICE_DNS").str("value"))
        .isEqualTo("aviary-broker-headless.mqtt.svc.cluster.local");
    assertThat(env.get("AVIARY_NODE_ID").str("valueFrom.fieldRef.fieldPath"))
        .isEqualTo("metadata.name");
    assertThat(env).doesNotContainKey("AVIARY_CLUSTER_MEMBERS");
  }

  @Test
  void clusterSettingsFollowTheValues() {
    Manifests m = Chart.render("gateway");
    Map<String, Node> env = m.env("broker");
    assertThat(env.get("AVIARY_CLUSTER_NAME").str("value")).isEqualTo("internal");
    assertThat(env.get("AVIARY_CLUSTER_PORT").str("value")).isEqualTo("15701");
    assertThat(env.get("AVIARY_CLUSTER_BUS_PORT").str("value")).isEqualTo("15801");
    assertThat(env.get("AVIARY_CLUSTER_KUBERNETES_SERVICE_DNS").str("value"))
        .isEqualTo("mqtt-broker-headless.mqtt.svc.cluster.local");
    assertThat(m.get("Service", "mqtt-broker-headless").list("spec.ports"))
        .map(p -> p.str("port"))
        .containsExactly("15701", "15801");
  }

  @Test
  void eachNodeJournalsToItsOwnVolume() {
    Node sts = Chart.render("production").get("StatefulSet", "aviary-broker");
    Node claim = sts.list("spec.volumeClaimTemplates").getFirst();
    assertThat(claim.str("metadata.name")).isEqualTo("data");
    assertThat(claim.str("spec.resources.requests.storage")).isEqualTo("20Gi");
    assertThat(claim.str("spec.storageClassName")).isEqualTo("gp3");

    Node container = sts.list("spec.template.spec.containers").getFirst();
    assertThat(container.byName("volumeMounts").get("data").str("mountPath"))
        .isEqualTo("/var/lib/aviary");
    assertThat(container.byName("env").get("AVIARY_DATA_DIR").str("value"))
        .isEqualTo("/var/lib/aviary");
    // The volume is the claim's, not a pod-lifetime emptyDir.
    assertThat(sts.byName("spec.template.spec.volumes")).doesNotContainKey("data");
  }

  @Test
  void onlyTlsListenersAreOnAndTheyReadTheCertificateFromItsSecret() {
    Manifests m = Chart.render("default");
    Node sts = m.get("StatefulSet", "aviary-broker");
    Map<String, Node> env = m.env("broker");
    assertThat(env.get("AVIARY_MQTT_ENABLED").str("value")).isEqualTo("false");
    assertThat(env.get("AVIARY_WS_ENABLED").str("value")).isEqualTo("false");
    assertThat(env.get("AVIARY_MQTTS_TLS_CERT").str("value")).isEqualTo("/etc/aviary/tls/tls.crt");
    assertThat(env.get("AVIARY_MQTTS_TLS_KEY").str("value")).isEqualTo("/etc/aviary/tls/tls.key");
    assertThat(env.get("AVIARY_WSS_TLS_CERT").str("value")).isEqualTo("/etc/aviary/tls/tls.crt");
    assertThat(env.get("AVIARY_WSS_TLS_KEY").str("value")).isEqualTo("/etc/aviary/tls/tls.key");
    assertThat(sts.byName("spec.template.spec.volumes").get("tls").str("secret.secretName"))
        .isEqualTo("aviary-mqtt-tls");
    assertThat(
            sts.list("spec.template.spec.containers").getFirst().byName("ports").values().stream()
                .map(p -> p.str("containerPort")))
        .doesNotContain("1883");
  }

  @Test
  void certManagerIssuesAPkcs8KeyForTheMqttHost() {
    Manifests m = Chart.render("production");
    Node cert = m.get("Certificate", "aviary-mqtt-tls");
    assertThat(cert.str("spec.secretName")).isEqualTo("aviary-mqtt-tls");
    assertThat(cert.str("spec.privateKey.encoding")).isEqualTo("PKCS8");
    assertThat(cert.list("spec.dnsNames"))
        .map(Node::str)
        .containsExactly("mqtt.acme.io", "mqtt-eu.acme.io");
    assertThat(cert.str("spec.issuerRef.name")).isEqualTo("letsencrypt-production");
    assertThat(
            m.get("StatefulSet", "aviary-broker")
                .byName("spec.template.spec.volumes")
                .get("tls")
                .str("secret.secretName"))
        .isEqualTo("aviary-mqtt-tls");
    assertThat(Chart.render("default").ofKind("Certificate")).isEmpty();
  }

  @Test
  void aStoppingNodeWaitsForLoadBalancersThenHasTimeToDisconnectItsClients() {
    Node pod =
        Chart.render("production").get("StatefulSet", "aviary-broker").at("spec.template.spec");
    int delay =
        Integer.parseInt(pod.list("containers").getFirst().str("lifecycle.preStop.sleep.seconds"));
    int grace = Integer.parseInt(pod.str("terminationGracePeriodSeconds"));
    assertThat(delay).isEqualTo(10);
    // The broker's shutdown takes up to quarkus.shutdown.timeout (15 s) after the preStop wait.
    assertThat(grace).isGreaterThanOrEqualTo(delay + 15);

    Node noDelay =
        Chart.render("gateway").get("StatefulSet", "mqtt-broker").at("spec.template.spec");
    assertThat(noDelay.list("containers").getFirst().at("lifecycle").exists()).isFalse();
  }

  @Test
  void newConnectionsGoOnlyToNodesOfTheCurrentRevision() throws IOException {
    Manifests m = Chart.render("default");
    String revision = revision(m);
    assertThat(m.get("Service", "aviary-broker").strings("spec.selector"))
        .containsEntry("aviary.io/broker-revision", revision);
    // The cluster and the sessions API see every node, whatever its revision.
    assertThat(m.get("Service", "aviary-broker-headless").strings("spec.selector"))
        .doesNotContainKey("aviary.io/broker-revision");
    assertThat(m.get("Service", "aviary-broker-api").strings("spec.selector"))
        .doesNotContainKey("aviary.io/broker-revision");

    assertThat(revision(Chart.render("default", values("broker:\n  replicaCount: 7\n"))))
        .as("scaling replaces no node")
        .isEqualTo(revision);
    assertThat(
            revision(
                Chart.render(
                    "default",
                    values("broker:\n  image:\n    repository: r.example/b\n    tag: \"2\"\n"))))
        .as("a new image replaces every node")
        .isNotEqualTo(revision);

    Manifests unpinned = Chart.render("gateway");
    assertThat(unpinned.get("Service", "mqtt-broker").strings("spec.selector"))
        .doesNotContainKey("aviary.io/broker-revision");
  }

  @Test
  void upgradesReplaceOneNodeAtATime() {
    Node sts = Chart.render("default").get("StatefulSet", "aviary-broker");
    assertThat(sts.str("spec.updateStrategy.type")).isEqualTo("RollingUpdate");
    assertThat(sts.at("spec.updateStrategy.rollingUpdate.maxUnavailable").exists()).isFalse();
    assertThat(sts.str("spec.podManagementPolicy")).isEqualTo("Parallel");
  }

  private Path values(String yaml) throws IOException {
    Path file = Files.createTempFile(temp, "values", ".yaml");
    return Files.writeString(file, yaml);
  }

  private static String revision(Manifests m) {
    return m.get("StatefulSet", m.ofKind("StatefulSet").findFirst().orElseThrow().name())
        .strings("spec.template.metadata.labels")
        .get("aviary.io/broker-revision");
  }
}
