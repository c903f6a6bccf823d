package io.aviary.deploy.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The same Debian packages as {@link AptPackages}, copied from the build machine's own installation
 * (the files dpkg lists for each), so that an image can be built without a mirror. The test build
 * uses it; images that are shipped are made from downloaded packages, whose files no local change
 * can have touched.
 */
final class InstalledPackages implements PackageSource {

  @Override
  public List<DebianPackage> unpack(List<String> names, Path root)
      throws IOException, InterruptedException {
    List<String> query = new ArrayList<>(List.of("dpkg-query", "--show"));
    query.add("--showformat=" + DebianPackage.SHOW_FORMAT);
    query.addAll(names);
    List<DebianPackage> packages = DebianPackage.parse(Command.run(root, query));
    for (DebianPackage installed : packages) {
      String listed = Command.run(root, List.of("dpkg-query", "--listfiles", installed.name()));
      copy(listed, root);
    }
    return packages;
  }

  @Override
  public String description() {
    return "dpkg-query (the build machine's installed packages)";
  }

  private static void copy(String listed, Path root) throws IOException {
    TreeSet<String> paths = new TreeSet<>();
    for (String line : listed.split("\n")) {
      // dpkg also prints "diverted by ..." notes; only absolute paths are files.
      if (line.startsWith("/") && !line.equals("/.")) {
        paths.add(line);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String path : paths) {
      Path source = Path.of(path);
      Path target = root.resolve(path.substring(1));
      String next = paths.higher(path);
      boolean hasChildren = next != null && next.startsWith(path + "/");
      // On a merged-/usr machine /lib is a link to usr/lib, while the package has it as a
      // directory.
      if (hasChildren || Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(target);
      } else if (Files.isSymbolicLink(source)) {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Files.readSymbolicLink(source));
      } else if (Files.isRegularFile(source)) {
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(source);
        Files.getFileAttributeView(target, PosixFileAttributeView.class).setPermissions(mode);
      } else {
        missing.add(path);
      }
    }
    // Slim Debian images drop documentation with dpkg's path-exclude; nothing else may be gone.
    List<String> needed = missing.stream().filter(p -> !p.startsWith("/usr/share/")).toList();
    if (!needed.isEmpty()) {
      throw new IOException("installed packages lack files they list: " + needed);
    }
  }
}
