package io.aviary.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aviary.deploy.chart.Chart;
import io.aviary.deploy.image.OciArchive.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's image (the smallest service), built as {@code -Pimages} builds every service but
 * from this machine's installed Debian packages, so that no mirror is needed: read back as a
 * runtime reads it, compared with what the chart expects of it, and started on a read-only root as
 * its non-root user until it answers its health probe.
 */
class ServiceImageTest {

  private static final ServiceImage CONSOLE = ServiceImage.named("console");
  private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

  private static Path work;
  private static OciArchive image;
  private static JsonNode config;
  private static Path rootfs;

  @BeforeAll
  static void buildTheConsoleImage() throws IOException, InterruptedException {
    Path app = Path.of(System.getProperty("aviary.image.test-app"));
    assumeTrue(
        Files.isRegularFile(app.resolve("quarkus-run.jar")),
        app + " is missing: package the console first (the full build does, before this module)");
    assumeTrue(
        Sandbox.onPath("dpkg-query").isPresent(),
        "dpkg-query is not on the PATH: the image's C runtime comes from Debian packages");
    work = Chart.work().resolve("image-test");
    ImageBuilder builder =
        new ImageBuilder(
            new ImageBuilder.Settings(
                work.resolve("work"),
                "registry.test/aviary",
                "1.2.3",
                REVISION,
                "https://example.test/aviary",
                "Apache-2.0"),
            new InstalledPackages());
    ImageBuilder.Built built = builder.build(CONSOLE, app, work.resolve("console.tar"));
    assertThat(built.reference()).isEqualTo("registry.test/aviary/console:1.2.3");
    image = OciArchive.read(built.tarball(), work.resolve("layout"));
    config = image.config.path("config");
    assertThat(image.index.path("manifests").get(0).path("digest").asText())
        .isEqualTo(built.digest());
  }

  @AfterAll
  static void dropTheUnpackedCopies() throws IOException {
    if (work != null) {
      ImageBuilder.deleteRecursively(work.resolve("layout"));
      ImageBuilder.deleteRecursively(work.resolve("rootfs"));
    }
  }

  @Test
  void theTarballIsAnOciLayoutOfOneLinuxImage() {
    assertThat(image.layout.path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
    JsonNode descriptor = image.index.path("manifests").get(0);
    assertThat(descriptor.path("mediaType").asText()).isEqualTo(OciArchive.MANIFEST_TYPE);
    assertThat(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText())
        .isEqualTo("registry.test/aviary/console:1.2.3");
    assertThat(image.manifest.path("config").path("mediaType").asText())
        .isEqualTo(OciArchive.CONFIG_TYPE);
    image
        .manifest
        .path("layers")
        .forEach(l -> assertThat(l.path("mediaType").asText()).isEqualTo(OciArchive.LAYER_TYPE));
    assertThat(image.config.path("os").asText()).isEqualTo("linux");
    assertThat(image.config.path("architecture").asText()).isIn("amd64", "arm64");
    // Fixed timestamps: the same inputs give the same digest.
    assertThat(image.config.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void theLayersChangeLeastFirstAndTheDependenciesAreApartFromTheCode() {
    assertThat(image.layers)
        .extracting(OciArchive.Layer::name)
        .containsExactly(
            "debian-packages", "system", "java-runtime", "dependencies", "application");
    assertThat(files("dependencies")).isNotEmpty().allMatch(p -> p.startsWith("/app/lib/"));
    assertThat(files("application"))
        .contains("/app/quarkus-run.jar", "/app/quarkus/quarkus-application.dat")
        .anyMatch(p -> p.startsWith("/app/app/"))
        .noneMatch(p -> p.startsWith("/app/lib/"));
    assertThat(files("java-runtime"))
        .contains("/opt/java/bin/java", "/opt/java/lib/modules", "/opt/java/lib/server/libjvm.so")
        .allMatch(p -> p.startsWith("/opt/java/"));
    assertThat(files("debian-packages"))
        .contains(
            "/lib64/ld-linux-x86-64.so.2",
            "/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/share/doc/libc6/copyright");
  }

  @Test
  void itRunsTheJvmAsTheChartsNonRootUserWithThePortsAndEnvironmentTheChartUses() {
    // Numeric, so that the kubelet can check runAsNonRoot without reading /etc/passwd.
    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    assertThat(values(config.path("Entrypoint")))
        .containsExactly("/opt/java/bin/java", "-jar", "/app/quarkus-run.jar");
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isEmpty()).isTrue();
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(fieldNames(config.path("ExposedPorts"))).containsExactly("8080/tcp");
    assertThat(values(config.path("Env")))
        .contains(
            "AVIARY_HTTP_PORT=8080",
            "AVIARY_DATA_DIR=/var/lib/aviary",
            "JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=75",
            "LANG=C.UTF-8");
  }

  @Test
  void itIsLabelledWithItsSourceAndWhatItIsMadeOf() throws IOException, InterruptedException {
    JsonNode labels = config.path("Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("console");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo("1.2.3");
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(REVISION);
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo("https://example.test/aviary");
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.path("io.aviary.image.java-modules").asText())
        .isEqualTo(String.join(",", JavaRuntime.MODULES));
    assertThat(labels.path("io.aviary.image.java-runtime").asText())
        .contains(Runtime.version().feature() + ".");

    String installed =
        Command.run(
            work,
            List.of(
                "dpkg-query",
                "--show",
                "--showformat=${Package}=${Version} ",
                "libc6",
                "libstdc++6"));
    List<String> packages =
        List.of(labels.path("io.aviary.image.debian-packages").asText().split(" "));
    assertThat(packages).contains(installed.strip().split(" "));
    assertThat(packages.stream().map(p -> p.substring(0, p.indexOf('='))))
        .contains("libc6", "libgcc-s1", "libstdc++6", "zlib1g");
  }

  @Test
  void onlyRootOwnsItsFilesAndOnlyTmpAndTheDataDirectoryAreWritable() {
    List<Entry> writable =
        image.entries().stream().filter(e -> (e.mode() & 0022) != 0 || e.uid() != 0).toList();
    assertThat(writable)
        .extracting(Entry::path)
        .containsExactlyInAnyOrder("/tmp", "/var/lib/aviary");
    Entry data =
        image.entries().stream()
            .filter(e -> e.path().equals("/var/lib/aviary"))
            .findFirst()
            .orElseThrow();
    assertThat(data.uid()).isEqualTo(SystemFiles.UID);
    assertThat(data.mode()).isEqualTo(0700);
    Entry java =
        image.entries().stream()
            .filter(e -> e.path().equals("/opt/java/bin/java"))
            .findFirst()
            .orElseThrow();
    assertThat(java.mode()).isEqualTo(0755);
    assertThat(image.entries())
        .filteredOn(e -> e.path().equals("/etc/passwd"))
        .singleElement()
        .extracting(Entry::mode)
        .isEqualTo(0644);
  }

  @Test
  void everyLibraryTheRuntimeAndTheNativeCodeInTheJarsLoadIsInTheImage() throws IOException {
    Path root = unpacked();
    Set<String> available = new HashSet<>();
    for (String dir :
        List.of(
            "lib/x86_64-linux-gnu",
            "usr/lib/x86_64-linux-gnu",
            "lib",
            "usr/lib",
            "opt/java/lib",
            "opt/java/lib/server")) {
      if (Files.isDirectory(root.resolve(dir))) {
        try (Stream<Path> files = Files.list(root.resolve(dir))) {
          files.forEach(f -> available.add(f.getFileName().toString()));
        }
      }
    }
    Map<String, List<String>> unresolved = new TreeMap<>();
    List<Path> elves = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("opt/java"))) {
      files.filter(Files::isRegularFile).forEach(elves::add);
    }
    int checked = 0;
    for (Path file : elves) {
      // They load X11 or ALSA: a desktop's libraries, never loaded by a headless service.
      if (List.of("libawt_xawt.so", "libsplashscreen.so", "libjsound.so")
          .contains(file.getFileName().toString())) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (ElfFile.isElf(bytes)) {
        checked++;
        missing(ElfFile.needed(bytes), available)
            .ifPresent(m -> unresolved.put(root.relativize(file).toString(), m));
      }
    }
    // Native code the services' libraries unpack to /tmp and load: brotli4j needs libstdc++.
    int nativeInJars = 0;
    try (Stream<Path> jars = Files.walk(root.resolve("app/lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (ZipEntry entry : zip.stream().toList()) {
            if (isGlibcX8664Library(entry.getName())) {
              byte[] bytes;
              try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readAllBytes();
              }
              if (ElfFile.isElf(bytes)) {
                nativeInJars++;
                missing(ElfFile.needed(bytes), available)
                    .ifPresent(m -> unresolved.put(jar.getFileName() + "!" + entry.getName(), m));
              }
            }
          }
        }
      }
    }
    assertThat(checked).as("ELF files in the runtime").isGreaterThan(20);
    assertThat(nativeInJars).as("native libraries in the console's jars").isPositive();
    assertThat(unresolved).as("libraries that would not load").isEmpty();
  }

  @Test
  void itStartsOnAReadOnlyRootAsItsUserAndAnswersItsHealthProbes() throws Exception {
    Optional<String> unavailable = Sandbox.unavailable();
    assumeTrue(unavailable.isEmpty(), () -> "the image is not started: " + unavailable.get());
    Path root = unpacked();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    byte[] sessionKey = new byte[32];
    ThreadLocalRandom.current().nextBytes(sessionKey);
    Path log = work.resolve("console.log");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try (Sandbox sandbox =
        Sandbox.start(
            root,
            config,
            Map.of(
                CONSOLE.portVariable(),
                Integer.toString(port),
                "QUARKUS_HTTP_HOST",
                "127.0.0.1",
                "AVIARY_CONSOLE_SESSION_KEY",
                Base64.getEncoder().encodeToString(sessionKey)),
            "/var/lib/aviary",
            log)) {
      HttpResponse<String> live =
          await("GET /q/health/live")
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(250))
              .ignoreExceptionsInstanceOf(IOException.class)
              .until(
                  () -> {
                    if (!sandbox.isAlive()) {
                      throw new AssertionError("the image exited:\n" + Files.readString(log));
                    }
                    return http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                  },
                  response -> response.statusCode() == 200);
      assertThat(live.body()).contains("\"status\": \"UP\"");
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

      ProcessHandle jvm = sandbox.entrypoint().orElseThrow();
      Path proc = Path.of("/proc", Long.toString(jvm.pid()));
      assertThat(Files.readSymbolicLink(proc.resolve("exe")))
          .isEqualTo(root.resolve("opt/java/bin/java"));
      assertThat(Files.readSymbolicLink(proc.resolve("cwd"))).isEqualTo(root.resolve("app"));
      List<String> status = Files.readAllLines(proc.resolve("status"));
      String uid = Integer.toString(SystemFiles.UID);
      assertThat(status)
          .contains(
              String.join("\t", "Uid:", uid, uid, uid, uid),
              String.join("\t", "Gid:", uid, uid, uid, uid));
      // The root the JVM sees is the image, read-only.
      assertThat(Files.readAllLines(proc.resolve("mountinfo")))
          .filteredOn(line -> line.split(" ")[4].equals("/"))
          .singleElement()
          .satisfies(line -> assertThat(line.split(" ")[5].split(",")).contains("ro"));
      // Every file the JVM has mapped (loader, libc, libjvm, ...) is the image's, none the host's.
      List<String> mapped =
          Files.readAllLines(proc.resolve("maps")).stream()
              .map(line -> line.split("\\s+", 6))
              .filter(fields -> fields.length == 6 && fields[5].startsWith("/"))
              .map(fields -> fields[5])
              .distinct()
              .toList();
      assertThat(mapped)
          .contains(
              root.resolve("lib/x86_64-linux-gnu/libc.so.6").toString(),
              root.resolve("opt/java/lib/server/libjvm.so").toString())
          .allMatch(path -> path.startsWith(root + "/"));

      assertThat(sandbox.stop(Duration.ofSeconds(30)))
          .as("exit code after SIGTERM (128 + 15)")
          .isEqualTo(143);
      assertThat(Files.readString(log)).contains("aviary-console stopped in");
    }
  }

  private static Path unpacked() throws IOException {
    synchronized (ServiceImageTest.class) {
      if (rootfs == null) {
        Path dir = work.resolve("rootfs");
        image.unpackTo(dir);
        rootfs = dir;
      }
      return rootfs;
    }
  }

  private static Optional<List<String>> missing(List<String> needed, Set<String> available) {
    List<String> missing = needed.stream().filter(n -> !available.contains(n)).toList();
    return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
  }

  private static boolean isGlibcX8664Library(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".so")
        && lower.contains("linux")
        && (lower.contains("x86_64") || lower.contains("amd64"))
        && !lower.contains("musl");
  }

  private static List<String> files(String layer) {
    return image.layers.stream()
        .filter(l -> l.name().equals(layer))
        .flatMap(l -> l.entries().stream())
        .filter(Entry::regular)
        .map(Entry::path)
        .toList();
  }

  private static List<String> values(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
