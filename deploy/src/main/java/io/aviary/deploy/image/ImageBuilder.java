package io.aviary.deploy.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds an OCI image tarball per service with no container engine and no base image: Jib writes
 * the image from files alone. Five layers, the ones that change least first:
 *
 * <ol>
 *   <li>{@code debian-packages}: the C runtime the JVM and the native code in the services' jars
 *       load, from Debian packages (their copyright files included), with their dependencies;
 *   <li>{@code system}: the non-root user, name-service settings, mount points;
 *   <li>{@code java-runtime}: a jlink'ed runtime at /opt/java;
 *   <li>{@code dependencies}: the service's {@code quarkus-app/lib} at /app/lib;
 *   <li>{@code application}: the rest of {@code quarkus-app} (its own code, Quarkus' generated
 *       classes, the launcher jar), so that a code change rebuilds and uploads only this layer.
 * </ol>
 *
 * Every file belongs to root and only /tmp and the data directory are writable by the service's
 * user, so the image runs on a read-only root filesystem. Timestamps are fixed: the same inputs
 * give the same image digest.
 */
public final class ImageBuilder {

  /**
   * libc6: the dynamic loader, libc, libm, libdl, libpthread, librt the JVM loads. libgcc-s1 and
   * libstdc++6: native code in the services' jars (brotli4j's libbrotli) and glibc's unwinder.
   * zlib1g: JDKs linked against the system zlib (Debian's own) need it; Temurin carries its own.
   * Their dependencies are added until the set is closed.
   */
  static final List<String> PACKAGES = List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g");

  static final String JAVA_HOME = "/opt/java";
  static final String APP = "/app";

  /** The chart's containerPort for every service's HTTP. */
  static final int HTTP_PORT = 8080;

  /**
   * @param work scratch space: unpacked packages, the linked runtime, Jib's layer cache
   * @param repository registry and path the images are named under, e.g. {@code ghcr.io/aviary}
   * @param version the image tag and {@code org.opencontainers.image.version}
   * @param revision the source's commit
   * @param source where the source lives
   * @param licenses an SPDX expression
   */
  public record Settings(
      Path work,
      String repository,
      String version,
      String revision,
      String source,
      String licenses) {}

  /** An image written to {@code tarball}, named {@code reference}, with its manifest digest. */
  public record Built(ServiceImage service, Path tarball, String reference, String digest) {}

  private record Shared(
      List<DebianPackage> packages,
      String architecture,
      JavaRuntime runtime,
      List<FileEntriesLayer> layers) {}

  private final Settings settings;
  private final PackageSource packageSource;
  private Shared shared;

  ImageBuilder(Settings settings, PackageSource packageSource) {
    this.settings = settings;
    this.packageSource = packageSource;
  }

  /** An image of {@code service} from its {@code quarkus-app} directory. */
  public Built build(ServiceImage service, Path quarkusApp, Path tarball)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      throw new IOException(quarkusApp + " holds no quarkus-run.jar: package " + service.name());
    }
    Shared base = shared();
    List<FileEntriesLayer> layers = new ArrayList<>(base.layers());
    AbsoluteUnixPath app = AbsoluteUnixPath.get(APP);
    layers.add(
        TreeLayer.of("dependencies", quarkusApp.resolve("lib"), app.resolve("lib"), quarkusApp));
    layers.add(
        TreeLayer.of(
            "application",
            quarkusApp,
            app,
            quarkusApp,
            relative -> relative.equals(Path.of("lib"))));

    Set<Port> ports = new LinkedHashSet<>();
    service.ports().forEach(port -> ports.add(Port.tcp(port)));
    JibContainerBuilder image =
        Jib.fromScratch()
            .setFormat(ImageFormat.OCI)
            .setPlatforms(Set.of(new Platform(base.architecture(), "linux")))
            .setCreationTime(Instant.EPOCH)
            .setFileEntriesLayers(layers)
            .setEntrypoint(JAVA_HOME + "/bin/java", "-jar", APP + "/quarkus-run.jar")
            .setWorkingDirectory(app)
            .setUser(SystemFiles.USER)
            .setEnvironment(environment(service))
            .setExposedPorts(ports)
            .setLabels(labels(service, base));

    Files.createDirectories(tarball.getParent());
    String reference = settings.repository() + "/" + service.name() + ":" + settings.version();
    Path cache = settings.work().resolve("jib-cache");
    JibContainer container;
    try {
      container =
          image.containerize(
              Containerizer.to(TarImage.at(tarball).named(reference))
                  .setOfflineMode(true)
                  .setToolName("aviary-image-builder")
                  .setBaseImageLayersCache(cache.resolve("base"))
                  .setApplicationLayersCache(cache.resolve("application"))
                  .addEventHandler(LogEvent.class, ImageBuilder::log));
    } catch (InvalidImageReferenceException e) {
      throw new IllegalArgumentException("not an image name: " + reference, e);
    } catch (RegistryException | CacheDirectoryCreationException | ExecutionException e) {
      throw new IOException("Jib could not write " + tarball, e);
    }
    return new Built(service, tarball, reference, container.getDigest().toString());
  }

  private Map<String, String> environment(ServiceImage service) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", JAVA_HOME + "/bin");
    env.put("JAVA_HOME", JAVA_HOME);
    // glibc's built-in UTF-8 locale: file names and the console in UTF-8, no locale files needed.
    env.put("LANG", "C.UTF-8");
    // The chart sets its own jvmOptions here; the entrypoint holds no JVM flag it would override.
    env.put("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=75");
    env.put("AVIARY_DATA_DIR", SystemFiles.DATA_DIR);
    env.put(service.portVariable(), Integer.toString(HTTP_PORT));
    return env;
  }

  private Map<String, String> labels(ServiceImage service, Shared base) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("org.opencontainers.image.title", service.name());
    labels.put("org.opencontainers.image.description", service.description());
    labels.put("org.opencontainers.image.version", settings.version());
    labels.put("org.opencontainers.image.revision", settings.revision());
    labels.put("org.opencontainers.image.source", settings.source());
    labels.put("org.opencontainers.image.licenses", settings.licenses());
    labels.put(
        "io.aviary.image.debian-packages",
        base.packages().stream()
            .map(DebianPackage::pinned)
            .sorted()
            .collect(Collectors.joining(" ")));
    labels.put("io.aviary.image.debian-packages.from", packageSource.description());
    labels.put("io.aviary.image.java-runtime", base.runtime().description());
    labels.put("io.aviary.image.java-modules", String.join(",", base.runtime().modules()));
    return labels;
  }

  private Shared shared() throws IOException, InterruptedException {
    if (shared == null) {
      Path root = settings.work().resolve("packages");
      deleteRecursively(root);
      Files.createDirectories(root);
      List<DebianPackage> packages = unpackClosed(packageSource, PACKAGES, root);
      String architecture = architecture(packages);
      JavaRuntime runtime =
          JavaRuntime.link(settings.work().resolve("java-runtime"), JavaRuntime.MODULES);
      List<FileEntriesLayer> layers =
          List.of(
              TreeLayer.of("debian-packages", root, AbsoluteUnixPath.get("/"), root),
              SystemFiles.layer(settings.work().resolve("system")),
              TreeLayer.of(
                  "java-runtime", runtime.home(), AbsoluteUnixPath.get(JAVA_HOME), runtime.home()));
      shared = new Shared(packages, architecture, runtime, layers);
    }
    return shared;
  }

  /** {@code names} and, as many times as it takes, the packages they depend on. */
  static List<DebianPackage> unpackClosed(PackageSource source, List<String> names, Path root)
      throws IOException, InterruptedException {
    List<DebianPackage> packages = new ArrayList<>(source.unpack(names, root));
    for (int round = 0; round < 10; round++) {
      Set<String> unmet = new TreeSet<>();
      for (DebianPackage p : packages) {
        unmet.addAll(p.unmet(packages));
      }
      if (unmet.isEmpty()) {
        return packages;
      }
      packages.addAll(source.unpack(List.copyOf(unmet), root));
    }
    throw new IOException("the dependencies of " + names + " do not close: " + packages);
  }

  // Debian's and OCI's names agree for amd64 and arm64; the runtime is the build JDK's.
  private static String architecture(List<DebianPackage> packages) throws IOException {
    Set<String> architectures =
        packages.stream()
            .map(DebianPackage::architecture)
            .filter(a -> !a.equals("all"))
            .collect(Collectors.toSet());
    String jdk =
        System.getProperty("os.arch").equals("aarch64") ? "arm64" : System.getProperty("os.arch");
    if (!architectures.equals(Set.of(jdk))) {
      throw new IOException(
          "packages for " + architectures + " do not match the build JDK's architecture " + jdk);
    }
    return jdk;
  }

  private static void log(LogEvent event) {
    if (event.getLevel() == LogEvent.Level.ERROR || event.getLevel() == LogEvent.Level.WARN) {
      System.err.println("jib: " + event.getMessage());
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * {@code --repo=DIR --work=DIR --output=DIR --services=a,b --packages=apt|installed
   * --repository=REGISTRY/PATH --version=V --source=URL --licenses=SPDX [--revision=SHA]}.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    Path repo = Path.of(required(options, "repo")).toAbsolutePath().normalize();
    Path work = Path.of(required(options, "work")).toAbsolutePath();
    Path output = Path.of(required(options, "output")).toAbsolutePath();
    String revision = options.getOrDefault("revision", "");
    if (revision.isBlank()) {
      revision = Command.run(repo, List.of("git", "rev-parse", "HEAD")).strip();
    }
    PackageSource packages =
        switch (required(options, "packages")) {
          case "apt" -> new AptPackages(work.resolve("debs"));
          case "installed" -> new InstalledPackages();
          default -> throw new IllegalArgumentException("--packages is apt or installed");
        };
    List<ServiceImage> services = new ArrayList<>();
    List<String> unbuilt = new ArrayList<>();
    for (String name : required(options, "services").split(",")) {
      ServiceImage service = ServiceImage.named(name.strip());
      services.add(service);
      if (!Files.isRegularFile(quarkusApp(repo, service).resolve("quarkus-run.jar"))) {
        unbuilt.add(service.name());
      }
    }
    if (!unbuilt.isEmpty()) {
      throw new IllegalStateException(
          "not packaged yet: "
              + unbuilt
              + " (./mvnw package -DskipTests -pl "
              + String.join(",", unbuilt)
              + " -am)");
    }
    ImageBuilder builder =
        new ImageBuilder(
            new Settings(
                work,
                required(options, "repository"),
                required(options, "version"),
                revision,
                required(options, "source"),
                required(options, "licenses")),
            packages);
    for (ServiceImage service : services) {
      Built built =
          builder.build(
              service, quarkusApp(repo, service), output.resolve(service.name() + ".tar"));
      System.out.printf(
          "%s: %s (%d MB) %s@%s%n",
          service.name(),
          built.tarball(),
          Files.size(built.tarball()) >> 20,
          built.reference(),
          built.digest());
    }
  }

  static Path quarkusApp(Path repo, ServiceImage service) {
    return repo.resolve(service.name()).resolve("target/quarkus-app");
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
