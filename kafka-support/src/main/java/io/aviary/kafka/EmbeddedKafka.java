package io.aviary.kafka;

import io.aviary.audit.event.KafkaClientSecurity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.Server;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM and
 * bound to 127.0.0.1 only. It can be stopped and restarted on the same port and data directory, so
 * tests can take Kafka away from running clients and bring it back.
 *
 * <p>Besides its PLAINTEXT listener (for tests' own set-up and reading) it can have a secured one,
 * as production Kafka clusters have: SASL (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, one user), TLS
 * with a certificate for 127.0.0.1 and localhost from a CA generated for this broker, or both.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final long METADATA_RETRY_MILLIS = 20;
  private static final int NODE_ID = 1;

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final int controllerPort;
  private final int partitions;
  private final Duration startTimeout;
  private final SecuredListener secured;
  private Server server;

  private EmbeddedKafka(Builder builder) {
    try {
      if (builder.dataDir == null) {
        this.dataDir = Files.createTempDirectory("aviary-kafka-");
        this.deleteOnClose = true;
      } else {
        this.dataDir = Files.createDirectories(builder.dataDir.toAbsolutePath());
        this.deleteOnClose = false;
      }
      this.port = builder.port == 0 ? freePort() : builder.port;
      // Static quorum voters (not a dynamic --standalone quorum): a data directory formatted
      // once stays usable when a later run gets another controller port.
      this.controllerPort = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Kafka data directory", e);
    }
    this.partitions = builder.partitions;
    this.startTimeout = builder.startTimeout;
    this.secured =
        builder.tls || builder.mechanism != null
            ? new SecuredListener(
                builder.securePort == 0 ? freePortUnchecked() : builder.securePort,
                builder.mechanism,
                builder.username,
                builder.password,
                builder.tls ? dataDir.resolve("ca.pem") : null)
            : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the storage on first use, starts the broker and returns once it answers a metadata
   * request.
   */
  public synchronized EmbeddedKafka start() {
    if (server != null) {
      return this;
    }
    Properties props = brokerProperties();
    formatIfNeeded(props);
    Server started = newRaftServer(props);
    started.startup();
    server = started;
    awaitReady(startTimeout);
    if (secured != null) {
      try (Admin admin = admin(startTimeout)) {
        secured.addScramUser(admin, startTimeout);
      }
      awaitSecuredListener(startTimeout);
    }
    return this;
  }

  /** Stops the broker, keeping its data directory and ports for {@link #restart()}. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    Server stopping = server;
    server = null;
    stopping.shutdown();
    stopping.awaitShutdown();
  }

  /** Stops and starts again on the same port and data directory. */
  public synchronized EmbeddedKafka restart() {
    stop();
    return start();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /**
   * The secured listener's address, {@code 127.0.0.1:<port>}.
   *
   * @throws IllegalStateException when the broker was built without {@link Builder#sasl} or {@link
   *     Builder#tls}
   */
  public String securedBootstrapServers() {
    return HOST + ":" + requireSecured().port;
  }

  /**
   * The Kafka client properties of a client with the right credentials on the secured listener, as
   * an operator writes them ({@code kafka.*} keys without the prefix): {@code security.protocol},
   * and {@code sasl.mechanism}, {@code sasl.username} and {@code sasl.password} with SASL, {@code
   * ssl.truststore.type} PEM and {@code ssl.truststore.location} (this broker's CA) with TLS.
   * {@link KafkaClientSecurity} turns them into kafka-clients settings.
   */
  public Map<String, String> clientSecurity() {
    return requireSecured().clientProperties();
  }

  /** The secured listener's protocol: SASL_PLAINTEXT, SASL_SSL or SSL. */
  public String securityProtocol() {
    return requireSecured().protocol;
  }

  private SecuredListener requireSecured() {
    if (secured == null) {
      throw new IllegalStateException("this broker has no secured listener (see Builder.sasl/tls)");
    }
    return secured;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Creates a topic with the broker's default partition count. */
  public void createTopic(String name) {
    createTopic(new NewTopic(name, Optional.empty(), Optional.of((short) 1)), partitions);
  }

  /**
   * Creates a topic with the broker's default partition count unless it exists (a data directory
   * kept from an earlier run has it).
   */
  public void createTopicIfAbsent(String name) {
    try (Admin admin = admin(startTimeout)) {
      if (admin
          .listTopics()
          .names()
          .get(startTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(name)) {
        return;
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    }
    createTopic(name);
  }

  /** Creates a topic and returns once every partition accepts records. */
  public void createTopic(String name, int topicPartitions) {
    createTopic(new NewTopic(name, topicPartitions, (short) 1), topicPartitions);
  }

  private void createTopic(NewTopic topic, int partitionCount) {
    try (Admin admin = admin(startTimeout)) {
      admin.createTopics(List.of(topic)).all().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      // The controller has committed the topic, but a leader in the metadata is not enough: a
      // produce that reaches the broker before it opened the partition is refused, and with two
      // batches in flight an idempotent producer can then retry the first until its delivery
      // timeout (KAFKA-15591). A partition answers ListOffsets only once it is open: the admin
      // client retries a partition that is not open yet, but not a topic the broker's metadata
      // does not list yet, which it fails at once; that is asked again here.
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      for (int p = 0; p < partitionCount; p++) {
        partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
      retrying(
          startTimeout,
          UnknownTopicOrPartitionException.class,
          () ->
              admin
                  .listOffsets(partitions)
                  .all()
                  .get(startTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create topic " + topic.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic.name(), e);
    }
  }

  /** Stops the broker and deletes the data directory unless the caller provided it. */
  @Override
  public synchronized void close() {
    stop();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private Properties brokerProperties() {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    String listeners = "PLAINTEXT://" + bootstrapServers();
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (secured != null) {
      listeners += "," + SecuredListener.NAME + "://" + HOST + ":" + secured.port;
      protocols += "," + SecuredListener.NAME + ":" + secured.protocol;
      secured.addListenerProperties(props);
    }
    props.put("listeners", listeners + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", listeners);
    props.put("controller.listener.names", "CONTROLLER");
    // The broker's own connections stay on PLAINTEXT: only clients use the secured listener.
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", protocols);
    props.put("log.dirs", logDir().toString());
    props.put("num.partitions", String.valueOf(partitions));
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // Stopping behaves like a crash: without it, a one-node controlled shutdown first makes every
    // partition leaderless, and clients then drop the topic from their metadata and block in send.
    props.put("controlled.shutdown.enable", "false");
    // After such a stop the controller refuses the broker's new incarnation until the old one's
    // session expires (9 s by default), which would be the restart time.
    props.put("broker.session.timeout.ms", "3000");
    props.put("broker.heartbeat.interval.ms", "500");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    return props;
  }

  /**
   * {@code new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM)}, by reflection:
   * KafkaConfig extends a class of {@code kafka-server}, which {@code kafka_2.13} depends on at
   * runtime scope only and the Quarkus BOM does not manage, so compiling against it would mean
   * pinning a second Kafka version here.
   */
  private static Server newRaftServer(Properties props) {
    try {
      Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
      Object config =
          configClass
              .getMethod("fromProps", Properties.class, boolean.class)
              .invoke(null, props, false);
      return (Server)
          Class.forName("kafka.server.KafkaRaftServer")
              .getConstructor(configClass, Time.class)
              .newInstance(config, Time.SYSTEM);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Invalid Kafka broker configuration", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kafka_2.13 is not on the class path as expected", e);
    }
  }

  private Path logDir() {
    return dataDir.resolve("logs");
  }

  private void formatIfNeeded(Properties props) {
    if (Files.exists(logDir().resolve("meta.properties"))) {
      return;
    }
    Path config = dataDir.resolve("server.properties");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "Aviary embedded Kafka, written for the storage format step");
      }
      String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
      int rc;
      try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        rc = StorageTool.execute(args, print);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "Kafka storage format failed (" + rc + "): " + output.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot format Kafka storage in " + dataDir, e);
    }
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = admin(timeout)) {
      // The admin client retries until its API timeout, so one bounded call is the wait.
      int nodes =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      if (nodes != 1) {
        throw new IllegalStateException("Expected one Kafka node, the cluster reports " + nodes);
      }
    } catch (ExecutionException | TimeoutException e) {
      stop();
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers() + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  private Admin admin(Duration timeout) {
    int millis = Math.toIntExact(timeout.toMillis());
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 5_000)));
  }

  /**
   * Waits until a client with the right credentials gets an answer on the secured listener: a SCRAM
   * user added through the controller reaches the broker's credential cache a moment later, and
   * until then an authentication fails; it is asked again.
   */
  private void awaitSecuredListener(Duration timeout) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, securedBootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    KafkaClientSecurity.from(secured.clientProperties()).applyTo(config);
    try {
      retrying(
          timeout,
          AuthenticationException.class,
          () -> {
            try (Admin admin = Admin.create(config)) {
              admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
          });
    } catch (ExecutionException | TimeoutException e) {
      stop();
      throw new IllegalStateException(
          "Kafka's secured listener at " + securedBootstrapServers() + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  /** A call to Kafka that may fail with an {@link ExecutionException}. */
  @FunctionalInterface
  private interface Attempt {
    void run() throws ExecutionException, TimeoutException, InterruptedException;
  }

  /**
   * Runs {@code attempt} until it succeeds; while it fails with a {@code retried} cause and {@code
   * timeout} has not passed, it is tried again after a short backoff (the broker has not caught up
   * yet: a topic's metadata, a new SCRAM user).
   */
  private static void retrying(
      Duration timeout, Class<? extends Throwable> retried, Attempt attempt)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        attempt.run();
        return;
      } catch (ExecutionException e) {
        if (!retried.isInstance(e.getCause()) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(METADATA_RETRY_MILLIS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static int freePortUnchecked() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }

  /**
   * Runs a broker until the JVM is stopped: {@code --port 9092 --data-dir ./data/kafka
   * [--partitions 3] [--topic name]...}. Without {@code --data-dir} the data lives in a temporary
   * directory deleted on exit. Each {@code --topic} is created unless it exists. Prints {@code
   * bootstrap.servers=...} once the broker answers.
   */
  public static void main(String[] args) throws InterruptedException {
    Builder builder = builder().port(9092);
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> builder.port(Integer.parseInt(required(args[i], value)));
        case "--data-dir" -> builder.dataDir(Path.of(required(args[i], value)));
        case "--partitions" -> builder.partitions(Integer.parseInt(required(args[i], value)));
        case "--topic" -> topics.add(required(args[i], value));
        default -> throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    EmbeddedKafka kafka = builder.build().start();
    topics.forEach(kafka::createTopicIfAbsent);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "embedded-kafka-shutdown"));
    System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
    stopped.await();
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** Options for an {@link EmbeddedKafka}; every one has a default suitable for tests. */
  public static final class Builder {
    private int port;
    private int controllerPort;
    private Path dataDir;
    private int partitions = 3;
    private Duration startTimeout = Duration.ofSeconds(60);
    private int securePort;
    private boolean tls;
    private String mechanism;
    private String username;
    private String password;

    private Builder() {}

    /**
     * Adds a listener that requires SASL with {@code mechanism} (PLAIN, SCRAM-SHA-256 or
     * SCRAM-SHA-512) and knows one user; with {@link #tls()} it also speaks TLS (SASL_SSL).
     */
    public Builder sasl(String mechanism, String username, String password) {
      if (!KafkaClientSecurity.PASSWORD_MECHANISMS.containsKey(mechanism)) {
        throw new IllegalArgumentException("Not PLAIN or SCRAM-SHA-256/512: " + mechanism);
      }
      if (!username.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("A test user name is letters, digits, _ . -");
      }
      this.mechanism = mechanism;
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * Adds a listener that speaks TLS (SSL, or SASL_SSL with {@link #sasl}) with a certificate for
     * 127.0.0.1 and localhost, issued by a CA generated for this broker.
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** The secured listener's port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder securePort(int securePort) {
      this.securePort = checkPort(securePort);
      return this;
    }

    /** The PLAINTEXT listener port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** The controller listener port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = checkPort(controllerPort);
      return this;
    }

    /** Where the broker keeps its data; kept on close. By default a temporary directory. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The broker's {@code num.partitions}, used by {@link #createTopic(String)}; default 3. */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    /** How long start and topic creation may take before failing; default 60 s. */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("Not a port: " + port);
      }
      return port;
    }
  }
}
