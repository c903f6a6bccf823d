package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart runs, under every values set: hardened, probed, and fed secrets by reference.
 */
class PodSpecTest {

  // Environment variables that carry a credential: they must come from a Secret.
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          ".*(PASSWORD|TOKEN|SECRET|SESSION_KEY|_DB_USER|SMTP_USERNAME|SASL_USERNAME|JAAS"
              + "|KEYSTORE_KEY|KEYSTORE_CERTIFICATE).*");

  static List<String> valueSets() {
    return Chart.valueSets();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyServiceRunsAsItsOwnWorkload(String set) {
    Map<String, String> kinds =
        Chart.render(set).workloads().collect(Collectors.toMap(Node::component, Node::kind));
    assertThat(kinds)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "broker", "StatefulSet",
                "tenant-api", "Deployment",
                "acl-service", "Deployment",
                "audit-pipeline", "Deployment",
                "console", "Deployment"));
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void podsRunAsNonRootWithRuntimeDefaultSeccompAndNoServiceAccountToken(String set) {
    Chart.render(set)
        .workloads()
        .forEach(
            w -> {
              Node pod = w.at("spec.template.spec");
              assertThat(pod.str("securityContext.runAsNonRoot")).as(w.name()).isEqualTo("true");
              assertThat(Integer.parseInt(pod.str("securityContext.runAsUser")))
                  .as(w.name())
                  .isPositive();
              assertThat(pod.str("securityContext.seccompProfile.type"))
                  .as(w.name())
                  .isEqualTo("RuntimeDefault");
              assertThat(pod.str("automountServiceAccountToken")).as(w.name()).isEqualTo("false");
              assertThat(pod.list("initContainers")).as(w.name()).isEmpty();
            });
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void containersCannotEscalateWriteTheirRootOrKeepCapabilities(String set) {
    Chart.render(set)
        .workloads()
        .flatMap(w -> w.list("spec.template.spec.containers").stream())
        .forEach(
            c -> {
              String name = c.str("name");
              Node sc = c.at("securityContext");
              assertThat(sc.str("runAsNonRoot")).as(name).isEqualTo("true");
              assertThat(sc.str("allowPrivilegeEscalation")).as(name).isEqualTo("false");
              assertThat(sc.str("readOnlyRootFilesystem")).as(name).isEqualTo("true");
              assertThat(sc.str("privileged")).as(name).isEqualTo("false");
              assertThat(sc.list("capabilities.drop")).as(name).map(Node::str).contains("ALL");
              assertThat(sc.at("capabilities.add").exists()).as(name).isFalse();
              assertThat(sc.str("seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
              // A read-only root still needs somewhere to write temporary files.
              assertThat(c.byName("volumeMounts").get("tmp").str("mountPath"))
                  .as(name)
                  .isEqualTo("/tmp");
              assertThat(c.str("resources.limits.memory")).as(name).isNotEmpty();
            });
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void probesAskQuarkusHealthOnTheHttpPort(String set) {
    Chart.render(set)
        .workloads()
        .flatMap(w -> w.list("spec.template.spec.containers").stream())
        .forEach(
            c -> {
              String name = c.str("name");
              assertThat(c.byName("ports").get("http").str("containerPort"))
                  .as(name)
                  .isEqualTo("8080");
              assertThat(c.str("startupProbe.httpGet.path"))
                  .as(name)
                  .isEqualTo("/q/health/started");
              assertThat(c.str("readinessProbe.httpGet.path"))
                  .as(name)
                  .isEqualTo("/q/health/ready");
              assertThat(c.str("livenessProbe.httpGet.path")).as(name).isEqualTo("/q/health/live");
              for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(c.str(probe + ".httpGet.port")).as(name + " " + probe).isEqualTo("http");
              }
            });
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void credentialsComeFromSecretsAndTheChartHoldsNone(String set) {
    Manifests manifests = Chart.render(set);
    assertThat(manifests.ofKind("Secret")).as("Secrets rendered by the chart").isEmpty();
    manifests
        .workloads()
        .flatMap(w -> w.list("spec.template.spec.containers").stream())
        .flatMap(c -> c.list("env").stream())
        .filter(env -> CREDENTIAL.matcher(env.str("name")).matches())
        // A switch, not a credential: whether console users may log in with a password.
        .filter(
            env ->
                !(env.str("name").equals("AVIARY_CONSOLE_PASSWORD_LOGIN")
                    && List.of("true", "false").contains(env.str("value"))))
        .forEach(
            env -> {
              assertThat(env.at("value").exists())
                  .as(env.str("name") + " has an inline value")
                  .isFalse();
              assertThat(env.str("valueFrom.secretKeyRef.name"))
                  .as(env.str("name") + " comes from a Secret")
                  .isNotEmpty();
            });
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void imagesComeFromValuesByTagOrDigest(String set) {
    Chart.render(set)
        .workloads()
        .forEach(
            w ->
                assertThat(w.list("spec.template.spec.containers").getFirst().str("image"))
                    .as(w.name())
                    .matches(
                        "[a-z0-9./-]+/"
                            + imageName(w.component())
                            + "(:[\\w.-]+|@sha256:[0-9a-f]{64})"));
  }

  private static String imageName(String component) {
    return component.equals("broker") ? "broker-node" : component;
  }
}
