package io.aviary.deploy.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A {@code .deb} file, read with dpkg-deb. */
final class DebArchive {

  private DebArchive() {}

  /** Unpacks the package's files under {@code root}, as dpkg would install them under /. */
  static DebianPackage extract(Path deb, Path root) throws IOException, InterruptedException {
    String shown =
        Command.run(
            root,
            List.of(
                "dpkg-deb", "--show", "--showformat=" + DebianPackage.SHOW_FORMAT, deb.toString()));
    List<DebianPackage> packages = DebianPackage.parse(shown);
    if (packages.size() != 1) {
      throw new IOException(deb + " describes " + packages.size() + " packages");
    }
    Command.run(root, List.of("dpkg-deb", "--extract", deb.toString(), root.toString()));
    return packages.getFirst();
  }
}
