package io.aviary.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class DevPlatformOptionsTest {

  private static int nodes(String... args) {
    return DevPlatform.parse(args).<DevPlatform.Options>getCommand().nodes;
  }

  @Test
  void oneBrokerNodeUnlessAskedForMore() {
    assertThat(nodes()).isEqualTo(1);
    assertThat(nodes("--nodes", "3")).isEqualTo(3);
    assertThat(nodes("--nodes=9")).isEqualTo(9);
  }

  @Test
  void badArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> nodes("--nodes", "0"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--nodes takes a number of broker nodes from 1 to 9, not 0");
    assertThatThrownBy(() -> nodes("--nodes", "ten"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--nodes")
        .hasMessageContaining("ten");
    assertThatThrownBy(() -> nodes("--node", "3"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--node");
  }
}
