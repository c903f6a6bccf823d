package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.util.Native;
import org.junit.jupiter.api.Test;

class NativeLz4Test {

  @Test
  void theNativeLibraryLoadsAndBecomesTheFastestInstanceOnLinux() {
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
    assumeThat(System.getProperty("os.arch")).isIn("amd64", "aarch64");

    assertThat(NativeLz4.load()).isTrue();
    assertThat(NativeLz4.load()).isTrue(); // idempotent

    assertThat(Native.isLoaded()).isTrue();
    assertThat(LZ4Factory.fastestInstance()).isSameAs(LZ4Factory.nativeInstance());
  }
}
