package io.aviary.deploy.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A layer holding a directory tree of the build machine at a path of the image, owned by root and
 * writable by no one else, with fixed timestamps so that the same files give the same layer.
 *
 * <p>Jib writes no link entries (it reads through a link: GoogleContainerTools/jib#2275), so each
 * symbolic link becomes a copy of what it names, resolved inside the tree: an absolute target such
 * as {@code /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2} must name the tree's file, never the build
 * machine's.
 */
final class TreeLayer {

  private static final int MAX_LINKS = 40;

  private TreeLayer() {}

  /**
   * @param tree the directory whose contents go to {@code at}
   * @param resolveFrom the directory absolute link targets are relative to (the image's /)
   */
  static FileEntriesLayer of(String name, Path tree, AbsoluteUnixPath at, Path resolveFrom)
      throws IOException {
    return of(name, tree, at, resolveFrom, relative -> false);
  }

  /**
   * @param skip leaves out the paths (relative to {@code tree}) it accepts, and what is under them
   */
  static FileEntriesLayer of(
      String name, Path tree, AbsoluteUnixPath at, Path resolveFrom, Predicate<Path> skip)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    add(layer, tree, at, resolveFrom, skip, 0);
    return layer.build();
  }

  private static void add(
      FileEntriesLayer.Builder layer,
      Path tree,
      AbsoluteUnixPath at,
      Path root,
      Predicate<Path> skip,
      int depth)
      throws IOException {
    if (depth > MAX_LINKS) {
      throw new IOException("links nest deeper than " + MAX_LINKS + " under " + tree);
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(tree)) {
      paths =
          walk.filter(p -> !p.equals(tree))
              .filter(p -> !skipped(tree.relativize(p), skip))
              .sorted()
              .toList();
    }
    for (Path path : paths) {
      AbsoluteUnixPath target = at.resolve(tree.relativize(path).toString());
      if (Files.isSymbolicLink(path)) {
        Path resolved = resolveInside(root, path);
        if (Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
          layer.addEntry(entry(resolved, target));
          add(layer, resolved, target, root, relative -> false, depth + 1);
        } else {
          layer.addEntry(entry(resolved, target));
        }
      } else {
        layer.addEntry(entry(path, target));
      }
    }
  }

  private static boolean skipped(Path relative, Predicate<Path> skip) {
    for (Path prefix = relative; prefix != null; prefix = prefix.getParent()) {
      if (skip.test(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static FileEntry entry(Path source, AbsoluteUnixPath target) throws IOException {
    int mode =
        FilePermissions.fromPosixFilePermissions(
                Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS))
            .getPermissionBits();
    // Nothing the image ships is writable but by root, whatever the build machine's umask was.
    mode &= 0755;
    return new FileEntry(
        source,
        target,
        FilePermissions.fromOctalString(String.format("%03o", mode)),
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
        "0:0");
  }

  /**
   * Follows {@code path}'s links, in every component, as the kernel would with {@code root} as /.
   * Fails on a link that leaves the tree or names nothing.
   */
  static Path resolveInside(Path root, Path path) throws IOException {
    Deque<String> pending = new ArrayDeque<>();
    for (Path name : root.relativize(path)) {
      pending.addLast(name.toString());
    }
    Path resolved = root;
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (resolved.equals(root)) {
          throw new IOException(path + " leaves " + root);
        }
        resolved = resolved.getParent();
        continue;
      }
      Path next = resolved.resolve(name);
      if (!Files.isSymbolicLink(next)) {
        resolved = next;
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new IOException(path + ": more than " + MAX_LINKS + " links");
      }
      String target = Files.readSymbolicLink(next).toString();
      List<String> names = List.of(target.split("/"));
      for (int i = names.size() - 1; i >= 0; i--) {
        pending.addFirst(names.get(i));
      }
      if (target.startsWith("/")) {
        resolved = root;
      }
    }
    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          path + " links to " + root.relativize(resolved) + ", which is not in " + root);
    }
    return resolved;
  }
}
