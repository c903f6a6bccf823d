package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the chart exposes: MQTT over TLS and WSS on a load balancer, HTTP only through the console.
 */
class ExposureTest {

  static List<String> valueSets() {
    return Chart.valueSets();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void onlyTheMqttServiceLeavesTheClusterAndItCarriesTlsOnly(String set) {
    Manifests m = Chart.render(set);
    List<Node> external =
        m.ofKind("Service")
            .filter(s -> List.of("LoadBalancer", "NodePort").contains(s.str("spec.type")))
            .toList();
    List<Node> mqtt =
        m.ofKind("Service")
            .filter(s -> s.list("spec.ports").stream().anyMatch(p -> p.str("name").equals("mqtts")))
            .toList();
    assertThat(mqtt).hasSize(1);
    assertThat(external).containsExactly(mqtt.getFirst());
    assertThat(m.ofKind("Service").map(s -> s.str("spec.type")))
        .allMatch(type -> List.of("", "ClusterIP", "LoadBalancer", "NodePort").contains(type))
        .doesNotContain("ExternalName");
    assertThat(mqtt.getFirst().list("spec.ports"))
        .map(p -> p.str("name") + "->" + p.str("targetPort"))
        .containsExactlyInAnyOrder("mqtts->mqtts", "wss->wss");
    assertThat(
            m.ofKind("Service")
                .flatMap(s -> s.list("spec.ports").stream())
                .map(p -> p.str("port") + "/" + p.str("name")))
        .noneMatch(p -> p.startsWith("1883/") || p.endsWith("/mqtt") || p.endsWith("/ws"));
  }

  @Test
  void theLoadBalancerListensOn8883And443AndKeepsClientAddresses() {
    Node service = Chart.render("default").get("Service", "aviary-broker");
    assertThat(service.str("spec.type")).isEqualTo("LoadBalancer");
    assertThat(service.str("spec.externalTrafficPolicy")).isEqualTo("Local");
    assertThat(
            service.list("spec.ports").stream()
                .collect(Collectors.toMap(p -> p.str("name"), p -> p.str("port"))))
        .isEqualTo(Map.of("mqtts", "8883", "wss", "443"));

    Node aws = Chart.render("production").get("Service", "aviary-broker");
    assertThat(aws.strings("metadata.annotations"))
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "ip");
  }

  @Test
  void theIngressSendsEveryPathToTheConsoleOverTls() {
    Manifests m = Chart.render("default");
    Node ingress = m.get("Ingress", "aviary");
    assertThat(ingress.list("spec.tls").getFirst().list("hosts"))
        .map(Node::str)
        .containsExactly("aviary.example.com");
    assertThat(ingress.list("spec.tls").getFirst().str("secretName"))
        .isEqualTo("aviary-console-tls");
    Node rule = ingress.list("spec.rules").getFirst();
    assertThat(rule.str("host")).isEqualTo("aviary.example.com");
    Node path = rule.list("http.paths").getFirst();
    assertThat(path.str("path")).isEqualTo("/");
    assertThat(path.str("backend.service.name")).isEqualTo("aviary-console");
    assertThat(m.get("Service", "aviary-console").str("spec.type")).isEqualTo("ClusterIP");
    assertThat(m.ofKind("HTTPRoute")).isEmpty();
  }

  @Test
  void theGatewayApiRouteReplacesTheIngress() {
    Manifests m = Chart.render("gateway");
    assertThat(m.ofKind("Ingress")).isEmpty();
    Node route = m.get("HTTPRoute", "mqtt");
    assertThat(route.list("spec.parentRefs").getFirst().str("name")).isEqualTo("public");
    assertThat(route.list("spec.hostnames"))
        .map(Node::str)
        .containsExactly("aviary.internal.example.org");
    Node backend = route.list("spec.rules").getFirst().list("backendRefs").getFirst();
    assertThat(backend.str("name")).isEqualTo("mqtt-console");
    assertThat(backend.str("port")).isEqualTo("8080");
    assertThat(m.get("Service", "mqtt-broker").str("spec.type")).isEqualTo("NodePort");
  }

  @Test
  void theConsoleAndTokensNameThePublicAddresses() {
    Manifests m = Chart.render("production");
    Map<String, Node> console = m.env("console");
    assertThat(console.get("AVIARY_MQTT_TLS_URL").str("value"))
        .isEqualTo("mqtts://mqtt.acme.io:8883");
    assertThat(console.get("AVIARY_MQTT_WSS_URL").str("value"))
        .isEqualTo("wss://mqtt.acme.io/mqtt");
    assertThat(console.get("AVIARY_TENANT_API_URL").str("value"))
        .isEqualTo("http://aviary-tenant-api:8080");
    assertThat(console.get("AVIARY_BROKER_API_URL").str("value"))
        .isEqualTo("http://aviary-broker-api:8080");
    for (String component : List.of("tenant-api", "acl-service", "audit-pipeline", "broker")) {
      assertThat(m.env(component).get("AVIARY_PLATFORM_ISSUER").str("value"))
          .as(component)
          .isEqualTo("https://console.mqtt.acme.io");
    }
    assertThat(m.env("tenant-api").get("AVIARY_ENDPOINTS_WSS").str("value"))
        .isEqualTo("wss://mqtt.acme.io/mqtt");
    assertThat(Chart.render("gateway").env("console").get("AVIARY_MQTT_WSS_URL").str("value"))
        .isEqualTo("wss://broker.internal.example.org:8443/mqtt");
  }

  @Test
  void eachServiceReachesItsOwnDatabaseWithEncryption() {
    Manifests m = Chart.render("production");
    assertThat(m.env("tenant-api").get("AVIARY_DB_URL").str("value"))
        .isEqualTo(
            "jdbc:postgresql://aviary.c9akciq32.eu-central-1.rds.amazonaws.com:5432/tenants"
                + "?sslmode=verify-full&sslrootcert=/etc/aviary/postgresql-ca/global-bundle.pem");
    assertThat(
            m.env("acl-service").get("AVIARY_ACL_DB_PASSWORD").str("valueFrom.secretKeyRef.name"))
        .isEqualTo("aviary-db-acl-service");
    assertThat(
            m.env("audit-pipeline").get("AVIARY_AUDIT_DB_USER").str("valueFrom.secretKeyRef.key"))
        .isEqualTo("user");
    assertThat(Chart.render("default").env("acl-service").get("AVIARY_ACL_DB_URL").str("value"))
        .isEqualTo("jdbc:postgresql://postgresql:5432/aviary_acl?sslmode=require");
  }

  @Test
  void prometheusScrapesEachServiceOnce() {
    Manifests m = Chart.render("production");
    Node monitor = m.get("ServiceMonitor", "aviary");
    assertThat(monitor.strings("metadata.labels"))
        .containsEntry("release", "kube-prometheus-stack");
    Map<String, String> selector = monitor.strings("spec.selector.matchLabels");
    List<String> scraped =
        m.ofKind("Service")
            .filter(s -> s.strings("metadata.labels").entrySet().containsAll(selector.entrySet()))
            .map(Node::name)
            .toList();
    assertThat(scraped)
        .containsExactlyInAnyOrder(
            "aviary-tenant-api",
            "aviary-acl-service",
            "aviary-audit-pipeline",
            "aviary-console",
            "aviary-broker-api");
    Node endpoint = monitor.list("spec.endpoints").getFirst();
    assertThat(endpoint.str("path")).isEqualTo("/q/metrics");
    assertThat(endpoint.str("port")).isEqualTo("http");
    assertThat(Chart.render("default").ofKind("ServiceMonitor")).isEmpty();
  }
}
