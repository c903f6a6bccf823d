package io.aviary.deploy.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where the files of the image's Debian packages come from. */
interface PackageSource {

  /**
   * Puts the files of the named packages under {@code root} as they would be installed (paths
   * relative to {@code /}, symbolic links as the packages ship them), and says which versions they
   * were.
   */
  List<DebianPackage> unpack(List<String> names, Path root)
      throws IOException, InterruptedException;

  /** Names the source in the image's labels. */
  String description();
}
