package io.aviary.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import io.aviary.deploy.chart.Chart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TreeLayerTest {

  private Path root;

  @BeforeEach
  void aTreeLikeDebiansCRuntime() throws IOException {
    root = Chart.work().resolve("tree-layer-test");
    ImageBuilder.deleteRecursively(root);
    Path lib = Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
    Files.writeString(lib.resolve("ld-linux-x86-64.so.2"), "the image's loader");
    Files.setPosixFilePermissions(
        lib.resolve("ld-linux-x86-64.so.2"), PosixFilePermissions.fromString("rwxrwxr-x"));
    Files.createDirectories(root.resolve("lib64"));
    // As libc6 ships it: absolute, so it names the build machine's loader if followed from there.
    Files.createSymbolicLink(
        root.resolve("lib64/ld-linux-x86-64.so.2"),
        Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    Files.createDirectories(root.resolve("usr/share/doc/gcc-12-base"));
    Files.writeString(
        root.resolve("usr/share/doc/gcc-12-base/copyright"), "GPL-3 with the runtime exception");
    Files.createSymbolicLink(root.resolve("usr/share/doc/libgcc-s1"), Path.of("gcc-12-base"));
  }

  @Test
  void anAbsoluteLinkNamesTheTreesFileNotTheBuildMachines() throws IOException {
    Map<String, FileEntry> entries =
        entries(TreeLayer.of("t", root, AbsoluteUnixPath.get("/"), root));

    FileEntry loader = entries.get("/lib64/ld-linux-x86-64.so.2");
    assertThat(loader.getSourceFile())
        .isEqualTo(root.resolve("lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    assertThat(loader.getPermissions().toOctalString()).as("group write dropped").isEqualTo("755");
    assertThat(loader.getOwnership()).isEqualTo("0:0");
  }

  @Test
  void aLinkToADirectoryBecomesACopyOfIt() throws IOException {
    Map<String, FileEntry> entries =
        entries(TreeLayer.of("t", root, AbsoluteUnixPath.get("/"), root));

    assertThat(entries.get("/usr/share/doc/libgcc-s1/copyright").getSourceFile())
        .isEqualTo(root.resolve("usr/share/doc/gcc-12-base/copyright"));
    assertThat(entries.get("/usr/share/doc/libgcc-s1/copyright").getPermissions().toOctalString())
        .isEqualTo("644");
  }

  @Test
  void aLinkThatLeavesTheTreeOrNamesNothingIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("lib/escape"), Path.of("../../../etc/passwd"));
    assertThatThrownBy(() -> TreeLayer.resolveInside(root, root.resolve("lib/escape")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("leaves");

    Files.delete(root.resolve("lib/escape"));
    Files.createSymbolicLink(root.resolve("lib/dangling"), Path.of("/usr/lib/nothing.so"));
    assertThatThrownBy(() -> TreeLayer.of("t", root, AbsoluteUnixPath.get("/"), root))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("usr/lib/nothing.so");
  }

  @Test
  void aLoopOfLinksIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
    assertThatThrownBy(() -> TreeLayer.resolveInside(root, root.resolve("a")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("links");
  }

  @Test
  void skippedPathsAndWhatIsUnderThemAreLeftOut() throws IOException {
    Map<String, FileEntry> entries =
        entries(
            TreeLayer.of(
                "t",
                root,
                AbsoluteUnixPath.get("/x"),
                root,
                relative -> relative.equals(Path.of("usr"))));

    assertThat(entries).containsKey("/x/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    assertThat(entries.keySet()).noneMatch(p -> p.startsWith("/x/usr"));
  }

  private static Map<String, FileEntry> entries(FileEntriesLayer layer) {
    return layer.getEntries().stream()
        .collect(Collectors.toMap(e -> e.getExtractionPath().toString(), e -> e));
  }
}
