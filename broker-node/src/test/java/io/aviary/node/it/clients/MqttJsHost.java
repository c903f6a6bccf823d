package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code node mqtt-driver.js} process (broker-node/src/test/js) hosting every MQTT.js client of
 * the test run, so that each client costs a command rather than a Node.js start-up. The {@code
 * mqtt} package is installed with {@code npm ci} into target/mqttjs once per build: again only when
 * package-lock.json changes or target/ was cleaned.
 */
final class MqttJsHost {
  private static final Path SOURCE = Path.of("src", "test", "js");
  private static final Path WORK = Path.of("target", "mqttjs");
  private static final String SCRIPT = "mqtt-driver.js";
  private static final String STAMP = ".aviary-package-lock.sha256";
  private static MqttJsHost instance;

  private final Process process;
  private final Writer commands;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong handles = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<ClientDriver.Received>> inboxes =
      new ConcurrentHashMap<>();

  private MqttJsHost(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), UTF_8);
    Thread.ofVirtual().name("mqttjs-host-output").start(this::read);
  }

  /** The running host, installing MQTT.js and starting Node.js first if needed. */
  static synchronized MqttJsHost get() throws Exception {
    if (instance == null || !instance.process.isAlive()) {
      install();
      Process p =
          new ProcessBuilder("node", SCRIPT)
              .directory(WORK.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      instance = new MqttJsHost(p);
    }
    return instance;
  }

  /** Stops the Node.js process (it ends every client it still holds). */
  static synchronized void shutdown() {
    if (instance != null) {
      instance.stop();
      instance = null;
    }
  }

  private static void install() throws Exception {
    Files.createDirectories(WORK);
    for (String file : new String[] {"package.json", "package-lock.json", SCRIPT}) {
      Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    String lockHash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(WORK.resolve("package-lock.json"))));
    Path stamp = WORK.resolve("node_modules").resolve(STAMP);
    if (Files.exists(stamp) && Files.readString(stamp, UTF_8).equals(lockHash)) {
      return;
    }
    Path log = WORK.resolve("npm-ci.log");
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(WORK.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!npm.waitFor(5, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new TimeoutException("npm ci did not finish in 5 minutes; see " + log);
    }
    if (npm.exitValue() != 0) {
      throw new IllegalStateException(
          "npm ci failed (" + npm.exitValue() + "):\n" + Files.readString(log, UTF_8));
    }
    Files.writeString(stamp, lockHash, UTF_8);
  }

  /** A new client handle whose received messages go to {@code inbox}. */
  String register(BlockingQueue<ClientDriver.Received> inbox) {
    String handle = "c" + handles.incrementAndGet();
    inboxes.put(handle, inbox);
    return handle;
  }

  void unregister(String handle) {
    inboxes.remove(handle);
  }

  /** Sends {@code command} and waits for its reply; throws if it failed. */
  JsonObject call(JsonObject command) throws Exception {
    long id = requests.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(id, reply);
    command.put("req", id);
    synchronized (commands) {
      commands.write(command.encode());
      commands.write('\n');
      commands.flush();
    }
    JsonObject r;
    try {
      r = reply.get(ClientDriver.TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("MQTT.js did not answer " + command.encode());
    } finally {
      pending.remove(id);
    }
    if (!r.getBoolean("ok", false)) {
      throw new IllegalStateException(
          "MQTT.js " + command.getString("op") + " failed: " + r.getString("error"));
    }
    return r;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        onLine(line);
      }
    } catch (IOException e) {
      // the process ended; pending calls fail below
    }
    IllegalStateException gone = new IllegalStateException("the MQTT.js driver process ended");
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  private void onLine(String line) {
    JsonObject o;
    try {
      o = new JsonObject(line);
    } catch (DecodeException e) {
      System.err.println("mqtt-driver.js: " + line);
      return;
    }
    if (o.containsKey("req")) {
      CompletableFuture<JsonObject> f = pending.get(o.getLong("req"));
      if (f != null) {
        f.complete(o);
      }
    } else if ("message".equals(o.getString("event"))) {
      BlockingQueue<ClientDriver.Received> inbox = inboxes.get(o.getString("client"));
      if (inbox != null) {
        inbox.add(
            new ClientDriver.Received(
                o.getString("topic"),
                new String(Base64.getDecoder().decode(o.getString("payload")), UTF_8),
                o.getInteger("qos"),
                o.getBoolean("retain"),
                Optional.of(o.getBoolean("dup"))));
      }
    }
  }

  private void stop() {
    try {
      commands.close(); // end of input: the script ends its clients and exits
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
