package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values the chart must refuse, each with the message an operator sees. Every file under {@code
 * src/test/resources/invalid} starts with {@code # expect: <part of the message>}.
 */
class ValuesSchemaTest {

  static Stream<Path> invalidValues() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/invalid"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("invalidValues")
  void badValuesAreRefusedWithAClearMessage(Path values) throws IOException {
    String first = Files.readAllLines(values).getFirst();
    String expected = first.substring("# expect: ".length());
    assertThatThrownBy(() -> Chart.renderText("default", values))
        .as(values.getFileName().toString())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(expected);
  }
}
