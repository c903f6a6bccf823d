package io.aviary.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.deploy.chart.Chart;
import io.aviary.deploy.chart.Manifests;
import io.aviary.deploy.chart.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the chart's pods expect of the images, checked against what the builder puts in them, for
 * every service (ServiceImageTest builds and starts one of them).
 */
class ImagesMatchTheChartTest {

  private static final Manifests CHART = Chart.render("default");

  @Test
  void everyWorkloadOfTheChartHasAnImage() {
    assertThat(CHART.workloads().map(ImagesMatchTheChartTest::image).map(ServiceImage::name))
        .containsExactlyInAnyOrderElementsOf(
            ServiceImage.ALL.stream().map(ServiceImage::name).toList());
  }

  @Test
  void theImagesRunAsTheUserThePodsRunAs() {
    CHART
        .workloads()
        .forEach(
            w -> {
              Node pod = w.at("spec.template.spec");
              assertThat(
                      pod.str("securityContext.runAsUser")
                          + ":"
                          + pod.str("securityContext.runAsGroup"))
                  .as(w.name())
                  .isEqualTo(SystemFiles.USER);
            });
  }

  @Test
  void theImagesExposeEveryContainerPortAndListenForHttpWhereTheProbesLook() {
    CHART
        .workloads()
        .forEach(
            w -> {
              ServiceImage image = image(w);
              Node container = w.list("spec.template.spec.containers").getFirst();
              List<Integer> ports =
                  container.list("ports").stream()
                      .map(p -> Integer.parseInt(p.str("containerPort")))
                      .toList();
              assertThat(image.ports()).as(w.name()).containsExactlyInAnyOrderElementsOf(ports);
              Map<String, Node> named = container.byName("ports");
              assertThat(named.get("http").str("containerPort"))
                  .as(w.name())
                  .isEqualTo(Integer.toString(ImageBuilder.HTTP_PORT));
              // The image sets the same variable to the same port, so it also runs as the pod does
              // outside the chart.
              assertThat(container.byName("env").get(image.portVariable()).str("value"))
                  .as(w.name() + " " + image.portVariable())
                  .isEqualTo(Integer.toString(ImageBuilder.HTTP_PORT));
              for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(container.str(probe + ".httpGet.port")).isEqualTo("http");
                assertThat(container.str(probe + ".httpGet.path")).startsWith("/q/health/");
              }
            });
  }

  @Test
  void theDirectoriesThePodsMountWritableExistInTheImages() {
    CHART
        .workloads()
        .forEach(
            w -> {
              Node container = w.list("spec.template.spec.containers").getFirst();
              assertThat(container.str("securityContext.readOnlyRootFilesystem")).isEqualTo("true");
              assertThat(container.list("volumeMounts").stream().map(m -> m.str("mountPath")))
                  .as(w.name())
                  .contains("/tmp", SystemFiles.DATA_DIR);
              assertThat(container.byName("env").get("AVIARY_DATA_DIR").str("value"))
                  .isEqualTo(SystemFiles.DATA_DIR);
            });
  }

  private static ServiceImage image(Node workload) {
    String component = workload.component();
    return ServiceImage.named(component.equals("broker") ? "broker-node" : component);
  }
}
