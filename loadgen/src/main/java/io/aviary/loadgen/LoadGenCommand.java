package io.aviary.loadgen;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command line: options, their validation, and the run. */
@Command(
    name = "aviary-loadgen",
    mixinStandardHelpOptions = true,
    version = "aviary-loadgen 0.1.0",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Load generator for MQTT brokers: fan-in, fan-out, pairs, connection storm and idle"
          + " connections, with exact loss and end-to-end latency accounting.",
      ""
    })
public final class LoadGenCommand implements Callable<Integer> {

  static final int MAX_RUNTIME_LIMIT = 600;
  static final int MAX_CLIENTS = 100_000;
  static final int MAX_PAYLOAD = 16 * 1024 * 1024;
  static final long MAX_RATE = 10_000_000;
  static final int MAX_PASSWORD_BYTES = 65_535;

  private final PrintStream out;
  private final PrintStream err;

  @Spec private CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      paramLabel = "NAME",
      description = "fanin, fanout, pairs, storm or idle.")
  private Scenario scenario;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description =
          "Broker host; must be loopback unless --allow-remote (default ${DEFAULT-VALUE}).")
  private String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Broker port (default 1883, or 8883 with --tls).")
  private Integer port;

  @Option(
      names = "--subscriber-port",
      paramLabel = "PORT",
      description =
          "Port the subscribers connect to, e.g. another node of a clustered broker (default: --port).")
  private Integer subscriberPort;

  @Option(names = "--allow-remote", description = "Allow a host that is not a loopback address.")
  private boolean allowRemote;

  @Option(
      names = "--clients",
      defaultValue = "10",
      paramLabel = "N",
      description =
          "fanin: publishers; fanout: subscribers; pairs: pairs; storm, idle: connections"
              + " (default ${DEFAULT-VALUE}).")
  private int clients;

  @Option(
      names = "--qos",
      defaultValue = "1",
      paramLabel = "0|1|2",
      description = "QoS of publishes and subscriptions (default ${DEFAULT-VALUE}).")
  private int qos;

  @Option(
      names = "--payload",
      defaultValue = "64",
      paramLabel = "BYTES",
      description = "Payload size, at least 16 (default ${DEFAULT-VALUE}).")
  private int payload;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "MSGS_PER_SEC",
      description = "Total open-loop publish rate over all publishers; 0 = unlimited (default).")
  private long rate;

  @Option(
      names = "--window",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Closed loop: at most N messages sent but not yet received by all subscribers;"
              + " 0 = off (default).")
  private int window;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      paramLabel = "SECONDS",
      description = "Unmeasured publishing before the measured window (default ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(
      names = "--duration",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Measured window; idle: how long to hold (default ${DEFAULT-VALUE}).")
  private int duration;

  @Option(
      names = "--drain",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description =
          "Longest wait for stragglers after publishing stops (default ${DEFAULT-VALUE}).")
  private int drain;

  @Option(
      names = "--max-runtime",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "Hard cap on the whole run, at most 600 (default ${DEFAULT-VALUE}).")
  private int maxRuntime;

  @Option(names = "--tls", description = "Connect with TLS.")
  private boolean tls;

  @Option(
      names = "--cafile",
      paramLabel = "PEM",
      description =
          "With --tls: trust the CA certificate(s) in this PEM file (default: JDK trust).")
  private Path caFile;

  @Option(
      names = "--cert",
      paramLabel = "PEM",
      description =
          "With --tls: present this client certificate (PEM, leaf first, then any intermediates)"
              + " for mutual TLS; needs --key.")
  private Path certFile;

  @Option(
      names = "--key",
      paramLabel = "PEM",
      description = "The private key of --cert: an unencrypted PKCS#8 PEM file.")
  private Path keyFile;

  @Option(
      names = "--mqtt-version",
      defaultValue = "5",
      paramLabel = "3|5",
      description = "MQTT protocol version: 3 (3.1.1) or 5 (default ${DEFAULT-VALUE}).")
  private int mqttVersion;

  @Option(names = "--username", paramLabel = "USER", description = "MQTT user name.")
  private String username;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description = "MQTT password (needs --username).")
  private String password;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "Read the MQTT password (e.g. a JWT) from this UTF-8 file; one trailing line break is"
              + " dropped. Needs --username; not with --password.")
  private Path passwordFile;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "Netty event loop threads of the MQTT client; 0 = client default (default).")
  private int threads;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of all topics (default bench/<random run id>).")
  private String topicPrefix;

  @Option(
      names = "--connect-concurrency",
      defaultValue = "100",
      paramLabel = "N",
      description = "At most N CONNECTs outstanding (default ${DEFAULT-VALUE}).")
  private int connectConcurrency;

  @Option(
      names = "--warm-connects",
      defaultValue = "0",
      paramLabel = "N",
      description = "storm: unmeasured round of N connects/disconnects first (default 0).")
  private int warmConnects;

  @Option(
      names = "--keep-alive",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "MQTT keep-alive; 0 = off (default ${DEFAULT-VALUE}).")
  private int keepAlive;

  @Option(
      names = "--session-expiry",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description =
          "Subscribers' Session Expiry Interval; above 0 their sessions are persistent, which a"
              + " clustered broker copies (MQTT 3.1.1: Clean Session 0) (default ${DEFAULT-VALUE}).")
  private long sessionExpiry;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Socket and CONNACK timeout per client (default ${DEFAULT-VALUE}).")
  private int connectTimeout;

  @Option(
      names = "--max-inflight",
      defaultValue = "1000",
      paramLabel = "N",
      description =
          "Per publisher: publishes not yet completed by the client (default ${DEFAULT-VALUE}).")
  private int maxInflight;

  @Option(
      names = "--label",
      defaultValue = "",
      paramLabel = "TEXT",
      description = "Free text echoed in the output.")
  private String label;

  @Option(
      names = "--broker-pid",
      defaultValue = "0",
      paramLabel = "PID",
      description = "Report this process's CPU %% and RSS over the measured phase (/proc).")
  private long brokerPid;

  @Option(names = "--json", description = "Print only the JSON result line.")
  private boolean json;

  public LoadGenCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    LoadGenConfig config = toConfig();
    try (Watchdog watchdog = Watchdog.start(config.maxRuntime(), err)) {
      RunResult result = ScenarioRunner.run(config);
      Report.print(result, out);
      return result.ok() ? 0 : 1;
    }
  }

  /**
   * Parses and validates {@code args} without running anything.
   *
   * @throws ParameterException with a user-facing message when the options are invalid
   */
  public static LoadGenConfig parse(String... args) {
    LoadGenCommand command = new LoadGenCommand(System.out, System.err);
    Main.commandLine(command).parseArgs(args);
    return command.toConfig();
  }

  /** Validates the options and builds the configuration. */
  LoadGenConfig toConfig() {
    check(qos >= 0 && qos <= 2, "--qos must be 0, 1 or 2 (was %d)", qos);
    check(
        mqttVersion == 3 || mqttVersion == 5,
        "--mqtt-version must be 3 or 5 (was %d)",
        mqttVersion);
    check(
        clients >= 1 && clients <= MAX_CLIENTS,
        "--clients must be between 1 and %d (was %d)",
        MAX_CLIENTS,
        clients);
    check(
        payload >= Payload.MIN_SIZE && payload <= MAX_PAYLOAD,
        "--payload must be between %d and %d bytes: the payload carries an 8-byte sequence number"
            + " and an 8-byte send timestamp (was %d)",
        Payload.MIN_SIZE,
        MAX_PAYLOAD,
        payload);
    check(
        rate >= 0 && rate <= MAX_RATE, "--rate must be between 0 and %d (was %d)", MAX_RATE, rate);
    check(window >= 0, "--window must be 0 or positive (was %d)", window);
    check(warmup >= 0, "--warmup must be 0 or positive (was %d)", warmup);
    check(duration >= 1, "--duration must be at least 1 second (was %d)", duration);
    check(drain >= 0, "--drain must be 0 or positive (was %d)", drain);
    check(
        maxRuntime >= 1 && maxRuntime <= MAX_RUNTIME_LIMIT,
        "--max-runtime must be between 1 and %d seconds (was %d)",
        MAX_RUNTIME_LIMIT,
        maxRuntime);
    if (scenario.isMessaging()) {
      long planned = (long) warmup + duration + drain;
      check(
          planned < maxRuntime,
          "--warmup + --duration + --drain (%d s) must be less than --max-runtime (%d s)",
          planned,
          maxRuntime);
    } else if (scenario == Scenario.IDLE) {
      check(
          duration < maxRuntime,
          "--duration (%d s) must be less than --max-runtime (%d s)",
          duration,
          maxRuntime);
    }
    check(threads >= 0 && threads <= 256, "--threads must be between 0 and 256 (was %d)", threads);
    check(
        connectConcurrency >= 1,
        "--connect-concurrency must be at least 1 (was %d)",
        connectConcurrency);
    check(
        warmConnects >= 0 && warmConnects <= MAX_CLIENTS,
        "--warm-connects must be between 0 and %d (was %d)",
        MAX_CLIENTS,
        warmConnects);
    check(
        keepAlive >= 0 && keepAlive <= 65_535,
        "--keep-alive must be between 0 and 65535 (was %d)",
        keepAlive);
    check(
        sessionExpiry >= 0 && sessionExpiry <= 0xFFFF_FFFFL,
        "--session-expiry must be between 0 and 4294967295 (was %d)",
        sessionExpiry);
    check(
        connectTimeout >= 1 && connectTimeout <= MAX_RUNTIME_LIMIT,
        "--connect-timeout must be between 1 and %d seconds (was %d)",
        MAX_RUNTIME_LIMIT,
        connectTimeout);
    check(
        maxInflight >= 1 && maxInflight <= 65_535,
        "--max-inflight must be between 1 and 65535 (was %d)",
        maxInflight);
    check(caFile == null || tls, "--cafile needs --tls");
    check(
        caFile == null || Files.isReadable(caFile),
        "--cafile %s does not exist or is not readable",
        caFile);
    check(certFile == null || tls, "--cert needs --tls");
    check(keyFile == null || tls, "--key needs --tls");
    check(
        certFile == null || keyFile != null, "--cert needs --key (the certificate's private key)");
    check(
        keyFile == null || certFile != null, "--key needs --cert (the certificate it belongs to)");
    check(
        certFile == null || Files.isReadable(certFile),
        "--cert %s does not exist or is not readable",
        certFile);
    check(
        keyFile == null || Files.isReadable(keyFile),
        "--key %s does not exist or is not readable",
        keyFile);
    if (certFile != null) {
      try {
        ClientCertificate.load(certFile, keyFile);
      } catch (IOException | GeneralSecurityException e) {
        throw invalid("%s", e.getMessage());
      }
    }
    check(
        password == null || passwordFile == null,
        "--password and --password-file are mutually exclusive");
    check(password == null || username != null, "--password needs --username");
    check(passwordFile == null || username != null, "--password-file needs --username");
    String effectivePassword = passwordFile != null ? readPassword(passwordFile) : password;
    check(
        effectivePassword == null
            || effectivePassword.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES,
        "the password must be at most %d bytes (MQTT's limit)",
        MAX_PASSWORD_BYTES);
    check(brokerPid >= 0, "--broker-pid must be positive (was %d)", brokerPid);
    check(
        brokerPid == 0 || Files.isReadable(Path.of("/proc", Long.toString(brokerPid), "stat")),
        "--broker-pid %d: no such process (or /proc is not readable)",
        brokerPid);
    int effectivePort = port != null ? port : tls ? 8883 : 1883;
    check(
        effectivePort >= 1 && effectivePort <= 65_535,
        "--port must be between 1 and 65535 (was %d)",
        effectivePort);
    int effectiveSubscriberPort = subscriberPort != null ? subscriberPort : effectivePort;
    check(
        effectiveSubscriberPort >= 1 && effectiveSubscriberPort <= 65_535,
        "--subscriber-port must be between 1 and 65535 (was %d)",
        effectiveSubscriberPort);
    checkHost();
    String runId = UUID.randomUUID().toString().substring(0, 8);
    String prefix = topicPrefix != null ? topicPrefix : "bench/" + runId;
    checkTopicPrefix(prefix);
    return new LoadGenConfig(
        scenario,
        host,
        effectivePort,
        effectiveSubscriberPort,
        clients,
        qos,
        payload,
        rate,
        window,
        Duration.ofSeconds(warmup),
        Duration.ofSeconds(duration),
        Duration.ofSeconds(drain),
        Duration.ofSeconds(maxRuntime),
        tls,
        caFile,
        certFile,
        keyFile,
        mqttVersion,
        username,
        effectivePassword,
        threads,
        prefix,
        connectConcurrency,
        warmConnects,
        keepAlive,
        sessionExpiry,
        Duration.ofSeconds(connectTimeout),
        maxInflight,
        label,
        brokerPid,
        json,
        runId);
  }

  /** The password in {@code file}, without one trailing line break (as echo and editors add). */
  private String readPassword(Path file) {
    check(
        Files.isReadable(file) && !Files.isDirectory(file),
        "--password-file %s does not exist or is not a readable file",
        file);
    String text;
    try {
      long size = Files.size(file);
      check(
          size <= MAX_PASSWORD_BYTES + 2,
          "--password-file %s has %d bytes; an MQTT password is at most %d",
          file,
          size,
          MAX_PASSWORD_BYTES);
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw invalid("--password-file %s is not UTF-8 text", file);
    } catch (IOException e) {
      throw invalid("--password-file %s cannot be read: %s", file, e.getMessage());
    }
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    check(!text.isEmpty(), "--password-file %s is empty", file);
    return text;
  }

  private void checkHost() {
    check(host != null && !host.isBlank(), "--host must not be empty");
    if (allowRemote) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--host " + host + ": cannot resolve");
    }
    boolean allLoopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    check(
        allLoopback,
        "refusing non-loopback --host %s (%s): this is a benchmark tool; pass --allow-remote to"
            + " load a broker on another machine",
        host,
        Arrays.stream(addresses)
            .map(InetAddress::getHostAddress)
            .collect(Collectors.joining(", ")));
  }

  private void checkTopicPrefix(String prefix) {
    check(!prefix.isEmpty(), "--topic-prefix must not be empty");
    check(
        prefix.indexOf('+') < 0 && prefix.indexOf('#') < 0 && prefix.indexOf('\0') < 0,
        "--topic-prefix must not contain the wildcards + or # (was %s)",
        prefix);
    check(!prefix.endsWith("/"), "--topic-prefix must not end with / (was %s)", prefix);
    check(!prefix.startsWith("$"), "--topic-prefix must not start with $ (was %s)", prefix);
    check(prefix.length() <= 1000, "--topic-prefix is too long (%d chars)", prefix.length());
  }

  @FormatMethod
  private void check(boolean condition, @FormatString String format, Object... args) {
    if (!condition) {
      throw invalid(format, args);
    }
  }

  @FormatMethod
  private ParameterException invalid(@FormatString String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }
}
