package io.aviary.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts an image's root filesystem as a container runtime would, without one: new mount and PID
 * namespaces (util-linux's unshare), the root bind-mounted read-only, a fresh /proc, a /dev with
 * the usual device nodes, tmpfs over /tmp and the data directory (the chart's emptyDirs), then the
 * image's root, working directory, user and environment and nothing else. The network is the
 * host's, so a test reaches the service on loopback. Mounting and switching user need root, as runc
 * does when it is not rootless.
 */
final class Sandbox implements AutoCloseable {

  private final Process process;

  private Sandbox(Process process) {
    this.process = process;
  }

  /** Why a sandbox cannot be started here, if it cannot. */
  static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of(
          "not root: mounting a read-only root and switching to the image's user need root (CI"
              + " runs as root)");
    }
    if (onPath("unshare").isEmpty() || onPath("env").isEmpty()) {
      return Optional.of("util-linux's unshare or coreutils' env is not on the PATH");
    }
    return Optional.empty();
  }

  /**
   * @param config the image config's {@code config} object: Entrypoint, Cmd, Env, User, WorkingDir
   * @param env variables that replace or add to the image's
   * @param dataDir a directory the image's user gets as an empty writable volume
   */
  static Sandbox start(
      Path rootfs, JsonNode config, Map<String, String> env, String dataDir, Path log)
      throws IOException {
    String[] user = config.path("User").asText().split(":");
    String uid = user[0];
    String gid = user.length > 1 ? user[1] : user[0];
    String root = quote(rootfs.toString());
    String script =
        String.join(
            "\n",
            "set -e",
            "mount --bind " + root + " " + root,
            "mount -o remount,bind,ro " + root,
            "mount -t proc -o nosuid,nodev,noexec proc " + root + "/proc",
            "mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs " + root + "/tmp",
            "mount -t tmpfs -o nosuid,nodev,mode=0700,uid="
                + uid
                + ",gid="
                + gid
                + " tmpfs "
                + root
                + quote(dataDir),
            "mount -t tmpfs -o nosuid,mode=0755 tmpfs " + root + "/dev",
            "for node in null zero full random urandom tty; do",
            "  touch " + root + "/dev/$node",
            "  mount --bind /dev/$node " + root + "/dev/$node",
            "done",
            "exec \"$@\"");

    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonNode variable : config.path("Env")) {
      String[] kv = variable.asText().split("=", 2);
      environment.put(kv[0], kv[1]);
    }
    environment.putAll(env);

    List<String> command =
        new ArrayList<>(
            List.of(
                onPath("unshare").orElseThrow().toString(),
                "--mount",
                "--pid",
                "--fork",
                "--propagation",
                "private",
                "/bin/sh",
                "-c",
                script,
                "sandbox",
                onPath("env").orElseThrow().toString(),
                "-i"));
    environment.forEach((k, v) -> command.add(k + "=" + v));
    command.addAll(
        List.of(
            onPath("unshare").orElseThrow().toString(),
            "--root=" + rootfs,
            "--wd=" + config.path("WorkingDir").asText("/"),
            "--setgid=" + gid,
            "--setuid=" + uid));
    config.path("Entrypoint").forEach(arg -> command.add(arg.asText()));
    config.path("Cmd").forEach(arg -> command.add(arg.asText()));

    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Sandbox(process);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The image's entrypoint: the one child unshare forks, which execs through the mounts into the
   * entrypoint (PID 1 of its namespace).
   */
  Optional<ProcessHandle> entrypoint() {
    return process.children().findFirst();
  }

  /** Sends SIGTERM to the entrypoint, as a runtime stopping the container does; its exit code. */
  int stop(Duration grace) throws InterruptedException {
    entrypoint().ifPresent(ProcessHandle::destroy);
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the entrypoint did not exit within " + grace + " of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String quote(String path) {
    return "'" + path.replace("'", "'\\''") + "'";
  }

  static Optional<Path> onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
