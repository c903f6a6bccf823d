package io.aviary.deploy.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Packages downloaded with {@code apt-get download} from the mirror the build machine is configured
 * with (the candidate version of each; no root needed) and unpacked with {@code dpkg-deb -x}. Old
 * versions leave Debian's mirrors at point releases, so versions are recorded in the image rather
 * than pinned in the build.
 */
final class AptPackages implements PackageSource {

  private final Path downloads;

  AptPackages(Path downloads) {
    this.downloads = downloads;
  }

  @Override
  public List<DebianPackage> unpack(List<String> names, Path root)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(downloads.resolve(String.join("+", names)));
    try (Stream<Path> stale = Files.list(dir)) {
      for (Path deb : stale.toList()) {
        Files.delete(deb);
      }
    }
    List<String> command = new ArrayList<>(List.of("apt-get", "download", "-q"));
    command.addAll(names);
    Command.run(dir, command);
    List<DebianPackage> unpacked = new ArrayList<>();
    try (Stream<Path> debs = Files.list(dir)) {
      for (Path deb : debs.filter(p -> p.toString().endsWith(".deb")).sorted().toList()) {
        unpacked.add(DebArchive.extract(deb, root));
      }
    }
    List<String> got = unpacked.stream().map(DebianPackage::name).toList();
    if (!got.containsAll(names)) {
      throw new IOException("apt-get download " + names + " brought " + got);
    }
    return unpacked;
  }

  @Override
  public String description() {
    return "apt-get download";
  }
}
