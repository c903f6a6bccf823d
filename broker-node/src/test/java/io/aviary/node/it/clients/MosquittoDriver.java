package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's mosquitto-clients: {@code mosquitto_sub} is the connection that subscribes, receives and
 * carries the will; each publish is one {@code mosquitto_pub} run under a client id derived from
 * this driver's (publishing under the same id would take over the subscriber's session).
 *
 * <p>mosquitto_sub takes its subscriptions on the command line, so the connection is opened when
 * the test first needs it: by {@link #subscribe} (with that filter), by {@link #drop} or {@link
 * #disconnect} (subscribed to a private idle topic), or at {@link #connect} when the driver has
 * subscribed before and resumes a session, exactly as a mosquitto_sub user resumes one: same {@code
 * -c -i id -t filter} again. Receiving and the connection's progress are read from {@code -d}
 * output and a {@code -F} format line per message. mosquitto_sub shows neither the Session Present
 * flag nor which filter a message matched.
 *
 * <p>Ending the connection: {@link #disconnect} sends SIGTERM, on which mosquitto_sub sends
 * DISCONNECT (with reason 0x04, "disconnect with will message", under MQTT 5) or, for a connection
 * that has not subscribed, runs {@code mosquitto_sub -E}, which sends DISCONNECT with reason 0x00
 * right after SUBACK; {@link #drop} kills the process with SIGKILL, so no DISCONNECT is sent.
 */
final class MosquittoDriver implements ClientDriver {
  private static final String MESSAGE_LINE = "AVIARY-MSG ";
  private static final String FORMAT = MESSAGE_LINE + "%q %r %x %t";
  private static final Pattern PUBLISH_DEBUG =
      Pattern.compile("received PUBLISH \\(d(\\d), q(\\d), r(\\d), m\\d+, '");

  private final BrokerEndpoint endpoint;
  private final Transport transport;
  private final String clientId;
  private final boolean v5;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private ConnectOptions options;
  private String filter;
  private int filterQos;
  private Process sub;
  private Output output;
  private int published;

  MosquittoDriver(BrokerEndpoint endpoint, Transport transport, String clientId, boolean v5) {
    if (transport == Transport.WSS) {
      throw new IllegalArgumentException("mosquitto clients have no WebSocket support");
    }
    this.endpoint = endpoint;
    this.transport = transport;
    this.clientId = clientId;
    this.v5 = v5;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<Boolean> connect(ConnectOptions o) throws Exception {
    if (options != null) {
      throw new IllegalStateException(clientId + " is already connected");
    }
    options = o;
    if (filter != null && !o.cleanStart()) {
      startSubscriber(List.of("-q", Integer.toString(filterQos), "-t", filter), true);
    }
    return Optional.empty();
  }

  @Override
  public void subscribe(String topicFilter, int qos) throws Exception {
    requireConnected();
    if (sub != null) {
      throw new UnsupportedOperationException(
          "mosquitto_sub takes its subscriptions when it connects: one subscribe per connection");
    }
    filter = topicFilter;
    filterQos = qos;
    startSubscriber(List.of("-q", Integer.toString(qos), "-t", topicFilter), true);
  }

  @Override
  public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
    List<String> command = new ArrayList<>(List.of("mosquitto_pub"));
    command.addAll(connectionArguments(clientId + "-p" + ++published, ConnectOptions.clean()));
    command.addAll(List.of("-t", topic, "-q", Integer.toString(qos)));
    if (retain) {
      command.add("-r");
    }
    if (payload.isEmpty()) {
      command.add("-n");
    } else {
      command.addAll(List.of("-m", payload));
    }
    runToCompletion(command);
  }

  @Override
  public BlockingQueue<Received> received() {
    return received;
  }

  @Override
  public void disconnect() throws Exception {
    requireConnected();
    if (sub != null) {
      sub.destroy(); // SIGTERM: mosquitto_sub sends DISCONNECT, then exits
      awaitExit(sub, output, "DISCONNECT on SIGTERM");
    } else {
      List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-E"));
      command.addAll(connectionArguments(clientId, options));
      command.addAll(List.of("-t", idleTopic()));
      runToCompletion(command);
    }
    sub = null;
    options = null;
  }

  @Override
  public void drop() throws Exception {
    requireConnected();
    if (sub == null) {
      startSubscriber(List.of("-t", idleTopic()), false);
    }
    sub.destroyForcibly(); // SIGKILL: the kernel closes the socket, no DISCONNECT
    if (!sub.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("mosquitto_sub survived SIGKILL");
    }
    sub = null;
    options = null;
  }

  @Override
  public void close() {
    Process p = sub;
    sub = null;
    options = null;
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requireConnected() {
    if (options == null) {
      throw new IllegalStateException(clientId + " is not connected");
    }
  }

  private String idleTopic() {
    return "aviary-it/idle/" + clientId;
  }

  /** Starts mosquitto_sub with {@code subscription} and waits until it has its SUBACK. */
  private void startSubscriber(List<String> subscription, boolean receive) throws Exception {
    List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-d"));
    command.addAll(connectionArguments(clientId, options));
    command.addAll(List.of("-F", FORMAT));
    command.addAll(subscription);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Output out = new Output(p, receive ? received : null);
    sub = p;
    output = out;
    try {
      out.subscribed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      sub = null;
      throw new IllegalStateException(
          String.join(" ", command) + " did not subscribe:\n" + out.transcript(), e);
    }
  }

  /** Runs a mosquitto command that ends by itself; fails unless it exits 0. */
  private static void runToCompletion(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Output out = new Output(p, null);
    awaitExit(p, out, String.join(" ", command));
  }

  private static void awaitExit(Process p, Output out, String what) throws Exception {
    if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new TimeoutException(what + " did not finish:\n" + out.transcript());
    }
    out.reader.join(TIMEOUT.toMillis());
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          what + " exited with " + p.exitValue() + ":\n" + out.transcript());
    }
  }

  private List<String> connectionArguments(String id, ConnectOptions o) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "-h",
            BrokerEndpoint.HOST,
            "-p",
            Integer.toString(endpoint.port(transport)),
            "-V",
            v5 ? "mqttv5" : "mqttv311",
            "-i",
            id,
            "-k",
            "30"));
    if (transport == Transport.TLS) {
      args.addAll(
          List.of(
              "--cafile",
              endpoint.caFile().toString(),
              "--cert",
              endpoint.clientCertificate().toString(),
              "--key",
              endpoint.clientKey().toString()));
    }
    if (!o.cleanStart()) {
      args.add("-c");
      if (v5) {
        args.addAll(List.of("-x", Long.toString(o.sessionExpirySeconds())));
      }
    }
    Will w = o.will();
    if (w != null) {
      args.addAll(List.of("--will-topic", w.topic(), "--will-qos", Integer.toString(w.qos())));
      if (!w.payload().isEmpty()) {
        args.addAll(List.of("--will-payload", w.payload()));
      }
      if (w.retain()) {
        args.add("--will-retain");
      }
    }
    return args;
  }

  /** Reads a mosquitto process's output: progress, received messages, and a transcript. */
  private static final class Output {
    private final ConcurrentLinkedDeque<String> lines = new ConcurrentLinkedDeque<>();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final BlockingQueue<Received> sink;
    private final Thread reader;
    private Boolean lastDup;

    Output(Process p, BlockingQueue<Received> sink) {
      this.sink = sink;
      this.reader = Thread.ofVirtual().name("mosquitto-output-" + p.pid()).start(() -> read(p));
    }

    private void read(Process p) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          if (lines.size() > 200) {
            lines.pollFirst();
          }
          onLine(line);
        }
      } catch (IOException e) {
        lines.add("(output unreadable: " + e + ")");
      }
      subscribed.completeExceptionally(new IllegalStateException("exited before SUBACK"));
    }

    private void onLine(String line) {
      if (line.startsWith("Subscribed (mid:")) {
        subscribed.complete(null);
        return;
      }
      Matcher m = PUBLISH_DEBUG.matcher(line);
      if (m.find()) {
        lastDup = m.group(1).equals("1");
        return;
      }
      if (line.startsWith(MESSAGE_LINE) && sink != null) {
        // "AVIARY-MSG <qos> <retain> <payload hex, empty for none> <topic>"
        String[] f = line.substring(MESSAGE_LINE.length()).split(" ", 4);
        String payload = new String(HexFormat.of().parseHex(f[2]), UTF_8);
        sink.add(
            new Received(
                f[3],
                payload,
                Integer.parseInt(f[0]),
                f[1].equals("1"),
                Optional.ofNullable(lastDup)));
        lastDup = null;
      }
    }

    String transcript() {
      return String.join("\n", lines);
    }
  }
}
