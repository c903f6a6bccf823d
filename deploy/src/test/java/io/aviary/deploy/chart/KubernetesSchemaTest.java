package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rendered object against its kind's schema: Kubernetes' OpenAPI schemas and the CRD schemas
 * of cert-manager, the Prometheus Operator and the Gateway API, as packaged by kubernetes-models
 * (npm, pinned by src/test/k8s-validate/package-lock.json). Needs Node.js; skipped without it.
 */
class KubernetesSchemaTest {

  private static final Path SOURCE = Path.of("src/test/k8s-validate");
  private static Path validator;

  @BeforeAll
  static void installValidator() throws IOException, InterruptedException {
    assumeTrue(
        onPath("node") && onPath("npm"),
        "node and npm are not on the PATH: rendered manifests are not checked against the"
            + " Kubernetes schemas");
    validator = Chart.work().resolve("k8s-validate");
    Files.createDirectories(validator);
    for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
      Files.copy(
          SOURCE.resolve(file), validator.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(validator.resolve("node_modules/kubernetes-models"))) {
      Result ci = run(validator, 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      assertThat(ci.exit()).as("npm ci\n" + ci.output()).isZero();
    }
  }

  @Test
  void everyValuesSetRendersObjectsTheirSchemasAccept() throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("node", "validate.mjs"));
    for (String set : Chart.valueSets()) {
      Path rendered = validator.resolve("rendered-" + set + ".yaml");
      Files.writeString(rendered, Chart.renderText(set));
      args.add(rendered.toString());
    }
    Result result = run(validator, 120, args.toArray(String[]::new));
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains(" passed, 0 failed");
  }

  @Test
  void theValidatorRejectsWhatTheApiServerWould() throws IOException, InterruptedException {
    String broken =
        Chart.renderText("default").replace("containerPort: 8080", "containerPort: \"8080\"");
    Path file = Files.writeString(validator.resolve("rendered-broken.yaml"), broken);
    Path unknown =
        Files.writeString(
            validator.resolve("rendered-unknown.yaml"),
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
    Result result =
        run(validator, 120, "node", "validate.mjs", file.toString(), unknown.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .contains(
            "Deployment/aviary-console: data/spec/template/spec/containers/0/ports/0/containerPort must be integer")
        .contains("no schema for example.com/v1 Widget");
  }

  private record Result(int exit, String output) {}

  private static Result run(Path dir, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(Chart.work(), "k8s-validate", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " ran over " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
