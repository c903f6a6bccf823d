package io.aviary.deploy.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an image needs besides packages, runtime and application: the user it runs as, name-service
 * settings, and the directories a runtime mounts over.
 */
final class SystemFiles {

  /** The user and group the images run as: the chart's {@code podSecurity.runAsUser}. */
  static final int UID = 10001;

  static final String USER = UID + ":" + UID;

  /** The chart mounts an emptyDir here for the services' data directory (AVIARY_DATA_DIR). */
  static final String DATA_DIR = "/var/lib/aviary";

  // The JVM looks its user up (user.name, user.home); glibc reads users, groups and hosts from
  // files only, so no name-service library is loaded.
  private static final Map<String, String> FILES =
      new TreeMap<>(
          Map.of(
              "etc/passwd",
              "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                  + "aviary:x:"
                  + UID
                  + ":"
                  + UID
                  + ":Aviary:"
                  + DATA_DIR
                  + ":/usr/sbin/nologin\n"
                  + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
              "etc/group",
              "root:x:0:\naviary:x:" + UID + ":\nnogroup:x:65534:\n",
              "etc/nsswitch.conf",
              "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n",
              // Runtimes replace it; outside one, localhost still resolves.
              "etc/hosts",
              "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"));

  private SystemFiles() {}

  static FileEntriesLayer layer(Path work) throws IOException {
    Files.createDirectories(work.resolve("etc"));
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system");
    for (var file : FILES.entrySet()) {
      Path source = work.resolve(file.getKey());
      Files.writeString(source, file.getValue());
      layer.addEntry(
          source,
          AbsoluteUnixPath.get("/" + file.getKey()),
          FilePermissions.DEFAULT_FILE_PERMISSIONS,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
          "0:0");
    }
    Path empty = Files.createDirectories(work.resolve("empty"));
    // Mount points of every runtime, so that none has to create them on a read-only root.
    for (String dir : new String[] {"/proc", "/sys", "/dev", "/etc/aviary"}) {
      layer.addEntry(
          empty,
          AbsoluteUnixPath.get(dir),
          FilePermissions.DEFAULT_FOLDER_PERMISSIONS,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
          "0:0");
    }
    // Jib cannot set the sticky bit; the chart mounts an emptyDir over /tmp anyway.
    layer.addEntry(
        empty,
        AbsoluteUnixPath.get("/tmp"),
        FilePermissions.fromOctalString("777"),
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
        "0:0");
    layer.addEntry(
        empty,
        AbsoluteUnixPath.get(DATA_DIR),
        FilePermissions.fromOctalString("700"),
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
        USER);
    return layer.build();
  }
}
