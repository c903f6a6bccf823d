package io.aviary.deploy.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;

/** The chart under test and the values files it is checked with. */
public final class Chart {

  static final String RELEASE = "aviary";
  static final String NAMESPACE = "mqtt";
  // The chart's kubeVersion floor; helm's offline default (1.20) is below it.
  static final String KUBE_VERSION = "1.31.0";

  private Chart() {}

  public static Path repo() {
    return Path.of(System.getProperty("aviary.repo", "..")).toAbsolutePath().normalize();
  }

  public static Path dir() {
    return repo().resolve("helm/aviary");
  }

  public static Path work() {
    return Path.of(System.getProperty("aviary.work", "target")).toAbsolutePath();
  }

  /** The named values sets: "default" (values.yaml alone) and each file under the chart's ci/. */
  public static List<String> valueSets() {
    return List.of("default", "production", "gateway", "minimal");
  }

  public static List<Path> valuesFiles(String set) {
    return set.equals("default") ? List.of() : List.of(dir().resolve("ci/" + set + "-values.yaml"));
  }

  /** Renders the chart; a failure (a schema violation, a {@code fail}) is an exception. */
  public static Manifests render(String set, Path... more) {
    return Manifests.parse(renderText(set, more));
  }

  public static String renderText(String set, Path... more) {
    TemplateCommand template =
        new Helm(dir())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles(set)) {
      template = template.withValuesFile(file);
    }
    for (Path file : more) {
      template = template.withValuesFile(file);
    }
    return template.call();
  }
}
