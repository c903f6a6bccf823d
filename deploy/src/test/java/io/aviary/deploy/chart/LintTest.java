package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code helm lint --strict}. helm-java's lint takes no values file, so each set is linted as a
 * copy of the chart whose values.yaml is the default merged with the set's file.
 */
class LintTest {

  static List<String> valueSets() {
    return Chart.valueSets();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void chartLintsCleanUnderStrict(String set) throws IOException {
    Path chart = copy(set);
    for (Path file : Chart.valuesFiles(set)) {
      Files.writeString(chart.resolve("values.yaml"), merged(chart.resolve("values.yaml"), file));
    }
    LintResult result = new Helm(chart).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void aBrokenTemplateFailsTheLint() throws IOException {
    Path chart = copy("broken");
    Files.writeString(chart.resolve("templates/broken.yaml"), "metadata:\n  name: {{ .Values.x\n");
    LintResult result = new Helm(chart).lint().strict().call();
    assertThat(result.isFailed()).isTrue();
    assertThat(result.getMessages()).anyMatch(m -> m.contains("templates/broken.yaml"));
  }

  private static Path copy(String name) throws IOException {
    Path target = Chart.work().resolve("lint/" + name + "/aviary");
    if (Files.exists(target)) {
      try (Stream<Path> old = Files.walk(target)) {
        old.sorted((a, b) -> b.compareTo(a)).forEach(LintTest::delete);
      }
    }
    try (Stream<Path> files = Files.walk(Chart.dir())) {
      for (Path source : files.toList()) {
        Path copy = target.resolve(Chart.dir().relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
    return target;
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String merged(Path defaults, Path override) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> base = yaml.load(Files.readString(defaults));
    Map<String, Object> over = yaml.load(Files.readString(override));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(merge(base, over));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach(
        (key, value) ->
            out.merge(
                key,
                value,
                (a, b) ->
                    a instanceof Map<?, ?> && b instanceof Map<?, ?>
                        ? merge((Map<String, Object>) a, (Map<String, Object>) b)
                        : b));
    return out;
  }
}
