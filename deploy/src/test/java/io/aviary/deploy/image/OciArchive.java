package io.aviary.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image tarball read back as a runtime would: the layout's index, the manifest it names, the
 * config and the layers, every blob checked against its digest and every layer against its diff id.
 */
final class OciArchive {

  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A file of a layer as its tar entry describes it. */
  record Entry(
      String path, boolean directory, boolean regular, int mode, int uid, int gid, long size) {}

  /** A layer: its blob, its digest, and the history comment Jib gave it (the layer's name). */
  record Layer(String digest, String name, Path blob, List<Entry> entries) {}

  final Path dir;
  final JsonNode layout;
  final JsonNode index;
  final JsonNode manifest;
  final JsonNode config;
  final List<Layer> layers;

  private OciArchive(
      Path dir,
      JsonNode layout,
      JsonNode index,
      JsonNode manifest,
      JsonNode config,
      List<Layer> layers) {
    this.dir = dir;
    this.layout = layout;
    this.index = index;
    this.manifest = manifest;
    this.config = config;
    this.layers = layers;
  }

  /** Unpacks {@code tarball} into {@code dir} and checks its blobs; fails on any inconsistency. */
  static OciArchive read(Path tarball, Path dir) throws IOException {
    ImageBuilder.deleteRecursively(dir);
    Files.createDirectories(dir);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new AssertionError("entry outside the archive: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    JsonNode layout = JSON.readTree(dir.resolve("oci-layout").toFile());
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    JsonNode manifests = index.path("manifests");
    if (manifests.size() != 1) {
      throw new AssertionError("index.json names " + manifests.size() + " manifests: " + index);
    }
    JsonNode manifest = JSON.readTree(blob(dir, manifests.get(0)).toFile());
    JsonNode config = JSON.readTree(blob(dir, manifest.path("config")).toFile());
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    JsonNode history = config.path("history");
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < manifest.path("layers").size(); i++) {
      JsonNode descriptor = manifest.path("layers").get(i);
      Path blob = blob(dir, descriptor);
      List<Entry> entries = new ArrayList<>();
      String diffId;
      try (DigestInputStream uncompressed =
              new DigestInputStream(new GZIPInputStream(Files.newInputStream(blob)), sha256());
          TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed)) {
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
          entries.add(
              new Entry(
                  "/" + stripDot(entry.getName()),
                  entry.isDirectory(),
                  entry.isFile(),
                  entry.getMode() & 07777,
                  (int) entry.getLongUserId(),
                  (int) entry.getLongGroupId(),
                  entry.getSize()));
        }
        uncompressed.transferTo(OutputStream.nullOutputStream());
        diffId = "sha256:" + HexFormat.of().formatHex(uncompressed.getMessageDigest().digest());
      }
      if (!diffId.equals(diffIds.path(i).asText())) {
        throw new AssertionError(
            "layer " + i + " unpacks to " + diffId + ", the config says " + diffIds.path(i));
      }
      layers.add(
          new Layer(
              descriptor.path("digest").asText(),
              history.path(i).path("comment").asText(),
              blob,
              entries));
    }
    return new OciArchive(dir, layout, index, manifest, config, layers);
  }

  /**
   * Unpacks the layers in order into {@code rootfs}, with their modes and, when this process may
   * change them, their owners: the root filesystem a runtime would start the image on.
   */
  void unpackTo(Path rootfs) throws IOException {
    ImageBuilder.deleteRecursively(rootfs);
    Files.createDirectories(rootfs);
    boolean mayChown = "root".equals(System.getProperty("user.name"));
    for (Layer layer : layers) {
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer.blob())))) {
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
          String name = stripDot(entry.getName());
          if (name.isEmpty()) {
            continue;
          }
          if (Path.of(name).getFileName().toString().startsWith(".wh.")) {
            throw new AssertionError("whiteouts are not expected in these images: " + name);
          }
          Path target = rootfs.resolve(name).normalize();
          if (!target.startsWith(rootfs)) {
            throw new AssertionError("layer entry outside the root: " + name);
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (entry.isFile()) {
            Files.createDirectories(target.getParent());
            Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          } else {
            throw new AssertionError("Jib writes only files and directories, not " + name);
          }
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
          if (mayChown) {
            Files.setAttribute(
                target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(
                target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
          }
        }
      }
    }
  }

  /** Every entry of every layer, lowest layer first. */
  List<Entry> entries() {
    return layers.stream().flatMap(l -> l.entries().stream()).toList();
  }

  private static Path blob(Path dir, JsonNode descriptor) throws IOException {
    String digest = descriptor.path("digest").asText();
    if (!digest.startsWith("sha256:")) {
      throw new AssertionError("not a sha256 digest: " + descriptor);
    }
    Path blob = dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(blob), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(digest) || Files.size(blob) != descriptor.path("size").asLong()) {
      throw new AssertionError(
          "blob " + digest + " has digest " + actual + " and " + Files.size(blob) + " bytes");
    }
    return blob;
  }

  private static String stripDot(String name) {
    String path = name.startsWith("./") ? name.substring(2) : name;
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder rwx = new StringBuilder();
    for (int bit = 8; bit >= 0; bit--) {
      rwx.append((mode & (1 << bit)) != 0 ? "rwx".charAt((8 - bit) % 3) : '-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
