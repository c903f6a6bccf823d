package io.aviary.node.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged broker (target/quarkus-app/quarkus-run.jar, built in the package phase) as a child
 * process, the way an operator runs it: environment variables in, log lines and listener ports out.
 */
final class BrokerProcess implements AutoCloseable {
  private static final Pattern LISTENER =
      Pattern.compile("(mqtt|mqtts|ws|wss) listener on [^:]+:(\\d+)");
  private static final Pattern HTTP = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
  private static final Pattern STARTED = Pattern.compile("aviary-broker \\S+ on JVM .* started in");

  private final Process process;
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Integer> exited;

  private BrokerProcess(Process process) {
    this.process = process;
    this.exited = process.onExit().thenApply(Process::exitValue);
    Thread reader = new Thread(this::readLines, "broker-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the jar with {@code env} on top of free ports for every listener and HTTP. */
  static BrokerProcess start(Map<String, String> env) throws IOException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    if (!jar.toFile().exists()) {
      throw new IllegalStateException("the packaged broker is missing: " + jar.toAbsolutePath());
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 alone: a broker that lives for one test class starts about a quarter faster
                // (measured 3.4 s against 2.6 s) and never runs long enough for C2 to pay off.
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString())
            .redirectErrorStream(true);
    Map<String, String> all = new HashMap<>();
    all.put("AVIARY_HTTP_PORT", "0");
    all.put("AVIARY_MQTT_PORT", "0");
    all.put("AVIARY_MQTTS_PORT", "0");
    all.put("AVIARY_WSS_PORT", "0");
    all.put("AVIARY_MQTTS_HOST", "127.0.0.1");
    all.put("AVIARY_WSS_HOST", "127.0.0.1");
    all.putAll(env);
    pb.environment().putAll(all);
    return new BrokerProcess(pb.start());
  }

  /** Waits until Quarkus reports the application started; fails if the process exits first. */
  BrokerProcess awaitStarted() throws Exception {
    // A bound, not a speed check: three JVMs starting on a loaded 2-core machine can take a while.
    started.get(180, TimeUnit.SECONDS);
    return this;
  }

  /** The exit value once the process ends by itself. */
  int awaitExit() throws Exception {
    return exited.get(60, TimeUnit.SECONDS);
  }

  int port(String listener) {
    Integer port = ports.get(listener);
    if (port == null) {
      throw new IllegalStateException(listener + " is not listening; output:\n" + output());
    }
    return port;
  }

  boolean isListening(String listener) {
    return ports.containsKey(listener);
  }

  /** Sends SIGKILL: the node vanishes without telling anyone. */
  boolean isAlive() {
    return process.isAlive();
  }

  void kill() {
    process.destroyForcibly();
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        Matcher m = LISTENER.matcher(line);
        if (m.find()) {
          ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Matcher http = HTTP.matcher(line);
        if (http.find()) {
          ports.put("http", Integer.parseInt(http.group(1)));
        }
        if (STARTED.matcher(line).find()) {
          started.complete(null);
        }
      }
    } catch (IOException e) {
      started.completeExceptionally(e);
    }
    started.completeExceptionally(
        new IllegalStateException("the broker exited before starting:\n" + output()));
  }
}
