package io.aviary.deploy.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a build tool (apt-get, dpkg, git) and returns what it printed, or fails with it. */
final class Command {

  private Command() {}

  static String run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    // stderr on its own thread: a tool that fills one pipe while we read the other never ends.
    CompletableFuture<String> stderr = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                stderr.complete(
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                stderr.complete("(stderr unreadable: " + e + ")");
              }
            });
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException(
          String.join(" ", command) + " exited with " + exit + ":\n" + stdout + stderr.join());
    }
    return stdout;
  }
}
