package io.aviary.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aviary.deploy.chart.Chart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebianPackageTest {

  private static final DebianPackage LIBC6 =
      new DebianPackage("libc6", "2.36-9+deb12u14", "amd64", "libgcc-s1, ");
  private static final DebianPackage LIBGCC =
      new DebianPackage(
          "libgcc-s1", "12.2.0-14", "amd64", "gcc-12-base (= 12.2.0-14), libc6 (>= 2.35), ");
  private static final DebianPackage BASE =
      new DebianPackage("gcc-12-base", "12.2.0-14", "amd64", ", ");

  @Test
  void aDependencyIsMetByItsNameWhateverItsVersionOrArchitectureQualifier() {
    DebianPackage stdcxx =
        new DebianPackage(
            "libstdc++6",
            "12.2.0-14",
            "amd64",
            "gcc-12-base (= 12.2.0-14), libc6:any (>= 2.36), libgcc-s1 (>= 4.3)");
    assertThat(stdcxx.unmet(List.of(stdcxx, LIBC6, LIBGCC, BASE))).isEmpty();
    assertThat(stdcxx.unmet(List.of(stdcxx, LIBC6))).containsExactly("gcc-12-base", "libgcc-s1");
  }

  @Test
  void anyAlternativeMeetsAClauseAndTheFirstIsWhatIsMissing() {
    DebianPackage p = new DebianPackage("p", "1", "amd64", "debconf (>= 0.5) | debconf-2.0, ");
    assertThat(p.unmet(List.of(p, new DebianPackage("debconf-2.0", "1", "all", ", ")))).isEmpty();
    assertThat(p.unmet(List.of(p))).containsExactly("debconf");
  }

  @Test
  void dependenciesAreUnpackedUntilTheSetIsClosed() throws Exception {
    Map<String, DebianPackage> mirror =
        Map.of("libc6", LIBC6, "libgcc-s1", LIBGCC, "gcc-12-base", BASE);
    List<List<String>> asked = new ArrayList<>();
    PackageSource source =
        new PackageSource() {
          @Override
          public List<DebianPackage> unpack(List<String> names, Path root) {
            asked.add(names);
            return names.stream().map(mirror::get).toList();
          }

          @Override
          public String description() {
            return "a map";
          }
        };
    List<DebianPackage> closed =
        ImageBuilder.unpackClosed(source, List.of("libc6"), Path.of("unused"));
    assertThat(closed)
        .extracting(DebianPackage::name)
        .containsExactly("libc6", "libgcc-s1", "gcc-12-base");
    assertThat(asked)
        .containsExactly(List.of("libc6"), List.of("libgcc-s1"), List.of("gcc-12-base"));
  }

  @Test
  void aDebIsUnpackedWithItsLinksAsShippedAndDescribedByItsControlFields() throws Exception {
    assumeTrue(Sandbox.onPath("dpkg-deb").isPresent(), "dpkg-deb is not on the PATH");
    Path dir = Chart.work().resolve("deb-test");
    ImageBuilder.deleteRecursively(dir);
    Path tree = Files.createDirectories(dir.resolve("tree/usr/lib/x86_64-linux-gnu"));
    Files.writeString(tree.resolve("libexample.so.1.2"), "not really a library");
    Files.createSymbolicLink(tree.resolve("libexample.so.1"), Path.of("libexample.so.1.2"));
    Files.createDirectories(dir.resolve("tree/DEBIAN"));
    Files.writeString(
        dir.resolve("tree/DEBIAN/control"),
        """
        Package: libexample1
        Version: 1:1.2-3
        Architecture: amd64
        Maintainer: Aviary <aviary@example.test>
        Depends: libc6 (>= 2.34)
        Pre-Depends: multiarch-support
        Description: a package made by this test
        """);
    Path deb = dir.resolve("libexample1.deb");
    Command.run(dir, List.of("dpkg-deb", "--root-owner-group", "--build", "tree", deb.toString()));

    Path root = Files.createDirectories(dir.resolve("root"));
    DebianPackage unpacked = DebArchive.extract(deb, root);

    assertThat(unpacked.pinned()).isEqualTo("libexample1=1:1.2-3");
    assertThat(unpacked.architecture()).isEqualTo("amd64");
    assertThat(unpacked.unmet(List.of(unpacked))).containsExactly("libc6", "multiarch-support");
    Path lib = root.resolve("usr/lib/x86_64-linux-gnu");
    assertThat(Files.readSymbolicLink(lib.resolve("libexample.so.1")))
        .isEqualTo(Path.of("libexample.so.1.2"));
    assertThat(lib.resolve("libexample.so.1.2")).hasContent("not really a library");
    assertThat(root.resolve("DEBIAN")).doesNotExist();
  }

  @Test
  void aPackageLineThatIsNotFourFieldsIsRefused() {
    assertThatThrownBy(() -> DebianPackage.parse("libc6\t2.36\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("libc6");
  }

  @Test
  void installedPackagesAreCopiedWithTheFilesDpkgListsForThem() throws Exception {
    assumeTrue(Sandbox.onPath("dpkg-query").isPresent(), "dpkg-query is not on the PATH");
    Path root = Chart.work().resolve("installed-test");
    ImageBuilder.deleteRecursively(root);
    Files.createDirectories(root);
    List<DebianPackage> copied = new InstalledPackages().unpack(List.of("zlib1g"), root);
    assertThat(copied).singleElement().extracting(DebianPackage::name).isEqualTo("zlib1g");
    // Found by dpkg on this machine, whatever its /lib layout: a link in the package, a file too.
    String listed = Command.run(root, List.of("dpkg-query", "--listfiles", "zlib1g"));
    List<String> libraries =
        listed.lines().filter(l -> l.matches(".*/libz\\.so\\.1(\\.[0-9.]+)?")).toList();
    assertThat(libraries).hasSizeGreaterThanOrEqualTo(2);
    for (String library : libraries) {
      Path copy = root.resolve(library.substring(1));
      assertThat(Files.isSymbolicLink(copy)).isEqualTo(Files.isSymbolicLink(Path.of(library)));
      assertThat(TreeLayer.resolveInside(root, copy)).isRegularFile();
    }
  }
}
