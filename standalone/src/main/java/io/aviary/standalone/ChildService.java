package io.aviary.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One platform service run as a child JVM: its output goes to the console with the service's name
 * in front and to {@code logs/<name>.log}; it is ready when its readiness check answers 200.
 */
final class ChildService {
  private final String name;
  private final Process process;

  private ChildService(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ChildService start(
      String name, Path jar, List<String> javaOptions, Map<String, String> env, Path logs)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " is missing: build it with ./mvnw -DskipTests install");
    }
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    ChildService child = new ChildService(name, process);
    Path log = logs.resolve(name + ".log");
    Thread.ofPlatform().daemon().name(name + "-output").start(() -> child.pump(log));
    return child;
  }

  String name() {
    return name;
  }

  private void pump(Path log) {
    String prefix = String.format("%-10s | ", name);
    PrintStream console = System.out;
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintStream file =
            new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        console.println(prefix + line);
        file.println(line);
      }
    } catch (IOException e) {
      if (process.isAlive()) {
        console.println(prefix + "(output lost: " + e.getMessage() + ")");
      }
    }
  }

  /** Polls {@code /q/health/ready} on {@code port} until it answers 200 or the child exits. */
  void awaitReady(int port, Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          DevPlatform.log(name + " is ready");
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      // Polling a child process's readiness from a launcher, not a test.
      Thread.sleep(250);
    }
    throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s");
  }

  /** Completes with this service when its process ends. */
  CompletableFuture<ChildService> onExit() {
    return process.onExit().thenApply(p -> this);
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL after {@code grace}. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
