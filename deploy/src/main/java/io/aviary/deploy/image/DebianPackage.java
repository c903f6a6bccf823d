package io.aviary.deploy.image;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Debian binary package whose files are in an image, and what it declares it needs ({@code
 * Depends} and {@code Pre-Depends}, as dpkg prints them).
 */
record DebianPackage(String name, String version, String architecture, String depends) {

  /**
   * The fields {@code dpkg-deb --show} and {@code dpkg-query --show} print for {@link #parse}, one
   * package a line.
   */
  static final String SHOW_FORMAT =
      "${Package}\\t${Version}\\t${Architecture}\\t${Depends}, ${Pre-Depends}\\n";

  static List<DebianPackage> parse(String shown) {
    List<DebianPackage> packages = new ArrayList<>();
    for (String line : shown.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 4) {
        throw new IllegalArgumentException("not a package line: " + line);
      }
      packages.add(new DebianPackage(fields[0], fields[1], fields[2], fields[3]));
    }
    return packages;
  }

  /** {@code name=version}, as apt-get takes it and as the image's label lists it. */
  String pinned() {
    return name + "=" + version;
  }

  /**
   * Packages this one depends on that none of {@code present} satisfies: for each clause, the first
   * alternative (what apt would pick). Versions are not compared: every package comes from the same
   * release of one mirror.
   */
  List<String> unmet(Collection<DebianPackage> present) {
    Set<String> names = present.stream().map(DebianPackage::name).collect(Collectors.toSet());
    List<String> unmet = new ArrayList<>();
    for (String clause : depends.split(",")) {
      if (clause.isBlank()) {
        continue;
      }
      List<String> alternatives = new ArrayList<>();
      for (String alternative : clause.split("\\|")) {
        alternatives.add(packageName(alternative));
      }
      if (alternatives.stream().noneMatch(names::contains)) {
        unmet.add(alternatives.getFirst());
      }
    }
    return unmet;
  }

  // "libc6:any (>= 2.35)" -> "libc6"
  private static String packageName(String alternative) {
    String name = alternative.strip();
    for (char end : new char[] {' ', '(', ':'}) {
      int at = name.indexOf(end);
      if (at >= 0) {
        name = name.substring(0, at);
      }
    }
    return name;
  }
}
