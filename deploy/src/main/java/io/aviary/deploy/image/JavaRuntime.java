package io.aviary.deploy.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * A Java runtime made by jlink from the JDK the build runs on, holding the modules the services
 * need. Linking takes about 20 s, so a runtime made for the same JDK and modules is reused.
 *
 * @param home the runtime's directory (bin/java, lib/...)
 * @param description the JDK it was linked from, e.g. {@code Eclipse Adoptium Temurin-25.0.3+9}
 */
record JavaRuntime(Path home, String description, List<String> modules) {

  /**
   * java.se because Quarkus and its libraries reach into most of it (java.desktop's java.beans,
   * java.naming, java.sql, java.management); jdk.zipfs for Quarkus' class loading; jdk.crypto.ec
   * and jdk.naming.dns for TLS and DNS; jdk.unsupported for Netty and Hazelcast (sun.misc.Unsafe);
   * jdk.net for the keep-alive settings of Hazelcast's cluster connections; jdk.security.auth for
   * the JAAS login modules Kafka's and PostgreSQL's Kerberos and SASL logins name; jdk.management
   * and jdk.jfr for diagnostics in production. What the jars reference and is left out: jdk.sctp
   * (Netty's SCTP), jdk.compiler (Vert.x's code generator, build time only), jdk.crypto.cryptoki
   * (PKCS#11 key stores, not configured).
   */
  static final List<String> MODULES =
      List.of(
          "java.se",
          "jdk.zipfs",
          "jdk.crypto.ec",
          "jdk.unsupported",
          "jdk.net",
          "jdk.security.auth",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.jfr");

  private static final List<String> OPTIONS =
      List.of("--strip-debug", "--no-man-pages", "--no-header-files", "--compress=zip-6");

  static JavaRuntime link(Path home, List<String> modules) throws IOException {
    Path stamp = home.resolveSibling(home.getFileName() + ".linked");
    String wanted =
        String.join("\n", System.getProperty("java.home"), Runtime.version().toString())
            + "\n"
            + modules
            + OPTIONS;
    if (!Files.isDirectory(home)
        || !Files.exists(stamp)
        || !Files.readString(stamp).equals(wanted)) {
      ImageBuilder.deleteRecursively(home);
      Files.deleteIfExists(stamp);
      Files.createDirectories(home.getParent());
      ToolProvider jlink =
          ToolProvider.findFirst("jlink")
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no jlink: build the images with a JDK, not a JRE"));
      List<String> args = new ArrayList<>(List.of("--add-modules", String.join(",", modules)));
      args.addAll(OPTIONS);
      args.addAll(List.of("--output", home.toString()));
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        int exit = jlink.run(out, out, args.toArray(String[]::new));
        if (exit != 0) {
          throw new IOException(
              "jlink "
                  + args
                  + " exited with "
                  + exit
                  + ":\n"
                  + output.toString(StandardCharsets.UTF_8));
        }
      }
      Files.writeString(stamp, wanted);
    }
    return new JavaRuntime(home, describeThisJdk(), List.copyOf(modules));
  }

  private static String describeThisJdk() {
    return System.getProperty("java.vendor")
        + " "
        + System.getProperty("java.vendor.version", System.getProperty("java.runtime.version"));
  }
}
