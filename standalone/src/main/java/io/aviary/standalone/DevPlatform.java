package io.aviary.standalone;

import io.aviary.audit.event.AuditTopics;
import io.aviary.kafka.EmbeddedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./aviary dev}: the whole platform on one machine. Starts an embedded PostgreSQL and a
 * single-node Kafka (KRaft, in this JVM) whose data live in the data directory, then tenant-api
 * (which seeds the demo organization and writes {@code demo.env}), acl-service (its own database in
 * the same PostgreSQL) and the broker as child processes wired to each other, gives the demo
 * organization the Permit All policy, and prints how to connect. Ctrl-C stops everything in reverse
 * order.
 */
public final class DevPlatform {
  private static final String DATABASE = "aviary";
  private static final String ACL_DATABASE = "aviary_acl";
  private static final String AUDIT_DATABASE = "aviary_audit";

  private final Path root;
  private final Path data;
  private final Map<String, String> env;
  private final List<ChildService> children = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private EmbeddedKafka kafka;
  private volatile boolean stopping;
  private final int brokerNodes;

  private DevPlatform(Path root, Path data, Map<String, String> env, int brokerNodes) {
    this.root = root;
    this.data = data;
    this.env = env;
    this.brokerNodes = brokerNodes;
  }

  /** What {@code ./aviary dev} takes on its command line. */
  @Command(
      name = "aviary dev",
      mixinStandardHelpOptions = true,
      description = "Runs the platform locally: embedded PostgreSQL and Kafka, every service.")
  static final class Options {
    @Option(
        names = "--nodes",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "Broker nodes, 1 to 9 (default ${DEFAULT-VALUE}); more than one form a cluster in"
                + " which node i listens on each broker port + i.")
    int nodes;
  }

  /** Parses {@code args}; a bad one is a picocli ParameterException that names it. */
  static CommandLine parse(String[] args) {
    Options options = new Options();
    CommandLine line = new CommandLine(options);
    line.parseArgs(args);
    if (options.nodes < 1 || options.nodes > 9) {
      throw new ParameterException(
          line, "--nodes takes a number of broker nodes from 1 to 9, not " + options.nodes);
    }
    return line;
  }

  public static void main(String[] args) throws Exception {
    // The in-process Kafka logs through slf4j-simple: its INFO lines would bury the banner.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    Path root = Path.of(System.getProperty("aviary.root", ".")).toAbsolutePath().normalize();
    Map<String, String> env = System.getenv();
    Path data =
        Path.of(env.getOrDefault("AVIARY_DATA_DIR", root.resolve("data").toString()))
            .toAbsolutePath()
            .normalize();
    CommandLine line;
    try {
      line = parse(args);
    } catch (ParameterException e) {
      System.err.println("aviary: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      System.exit(2);
      return;
    }
    if (line.isUsageHelpRequested() || line.isVersionHelpRequested()) {
      line.usage(System.out);
      return;
    }
    DevPlatform platform = new DevPlatform(root, data, env, line.<Options>getCommand().nodes);
    Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "aviary-dev-stop"));
    try {
      platform.start();
    } catch (Exception e) {
      System.err.println("aviary: " + e.getMessage());
      platform.stop();
      System.exit(1);
    }
    // Runs until Ctrl-C; if a service dies on its own, the platform is not whole: stop it all.
    ChildService ended =
        (ChildService)
            CompletableFuture.anyOf(
                    platform.children.stream()
                        .map(ChildService::onExit)
                        .toArray(CompletableFuture[]::new))
                .get();
    if (!platform.stopping) {
      System.err.println(
          "aviary: " + ended.name() + " exited with " + ended.exitValue() + "; stopping");
      System.exit(1);
    }
  }

  private void start() throws IOException, SQLException, InterruptedException {
    Files.createDirectories(data);
    // The console and HTTP edge take the public port; tenant-api sits behind it.
    String httpPort = env.getOrDefault("AVIARY_HTTP_PORT", "8080");
    String tenantHttpPort = env.getOrDefault("AVIARY_TENANT_HTTP_PORT", "8083");
    String brokerHttpPort = env.getOrDefault("AVIARY_BROKER_HTTP_PORT", "9090");
    String aclHttpPort = env.getOrDefault("AVIARY_ACL_HTTP_PORT", "8081");
    String auditHttpPort = env.getOrDefault("AVIARY_AUDIT_HTTP_PORT", "8082");
    String internalToken = internalToken();

    log("starting PostgreSQL (data in " + data.resolve("postgres") + ")");
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(data.resolve("postgres"))
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    int kafkaPort = Integer.parseInt(env.getOrDefault("AVIARY_KAFKA_PORT", "9092"));
    log("starting Kafka on 127.0.0.1:" + kafkaPort + " (data in " + data.resolve("kafka") + ")");
    kafka = EmbeddedKafka.builder().port(kafkaPort).dataDir(data.resolve("kafka")).build().start();
    kafka.createTopicIfAbsent(AuditTopics.EVENTS);
    kafka.createTopicIfAbsent(AuditTopics.DEAD_LETTER);
    String tenantApiUrl = "http://127.0.0.1:" + tenantHttpPort;
    String aclServiceUrl = "http://127.0.0.1:" + aclHttpPort;
    String auditPipelineUrl = "http://127.0.0.1:" + auditHttpPort;

    Map<String, String> common = new HashMap<>();
    common.put("AVIARY_DEV_MODE", "true");
    common.put("AVIARY_DATA_DIR", data.toString());
    common.put("AVIARY_INTERNAL_TOKEN", internalToken);
    common.put("AVIARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    // tenant-api signs platform tokens with this issuer, its public address (the edge routes
    // /.well-known to it); the other services verify them against it.
    String issuer = "http://localhost:" + httpPort;
    Map<String, String> platformClient = new HashMap<>(common);
    platformClient.put("AVIARY_TENANT_API_URL", tenantApiUrl);
    platformClient.put("AVIARY_PLATFORM_ISSUER", issuer);

    Map<String, String> tenantEnv = withDatabase(common, "AVIARY", DATABASE);
    tenantEnv.put("AVIARY_HTTP_PORT", tenantHttpPort);
    tenantEnv.put("AVIARY_PLATFORM_ISSUER", issuer);
    tenantEnv.put("AVIARY_DEMO_CA", data.resolve("certs").resolve("ca.pem").toString());
    // Invitation links point at the console.
    tenantEnv.put("AVIARY_CONSOLE_URL", "http://localhost:" + httpPort);
    ChildService tenantApi =
        launch("tenant-api", "tenant-api", "AVIARY_TENANT_API_JAVA_OPTS", tenantEnv);

    Map<String, String> aclEnv = withDatabase(platformClient, "AVIARY_ACL", ACL_DATABASE);
    aclEnv.put("AVIARY_ACL_HTTP_PORT", aclHttpPort);
    ChildService aclService = launch("acl-service", "acl-service", "AVIARY_ACL_JAVA_OPTS", aclEnv);

    Map<String, String> auditEnv = withDatabase(platformClient, "AVIARY_AUDIT", AUDIT_DATABASE);
    auditEnv.put("AVIARY_AUDIT_HTTP_PORT", auditHttpPort);
    ChildService auditPipeline =
        launch("audit-pipeline", "audit-pipeline", "AVIARY_AUDIT_JAVA_OPTS", auditEnv);
    Map<String, String> consoleEnv = new HashMap<>(common);
    consoleEnv.put("AVIARY_HTTP_PORT", httpPort);
    consoleEnv.put("AVIARY_TENANT_API_URL", tenantApiUrl);
    consoleEnv.put("AVIARY_ACL_SERVICE_URL", aclServiceUrl);
    consoleEnv.put("AVIARY_AUDIT_PIPELINE_URL", auditPipelineUrl);
    consoleEnv.put("AVIARY_BROKER_API_URL", "http://127.0.0.1:" + brokerHttpPort);
    consoleEnv.put("AVIARY_CONSOLE_SESSION_KEY", secret("console-session-key"));
    String mqttsPort = env.getOrDefault("AVIARY_MQTTS_PORT", "8883");
    consoleEnv.put("AVIARY_MQTT_TLS_URL", "mqtts://localhost:" + mqttsPort);
    consoleEnv.put(
        "AVIARY_MQTT_WSS_URL",
        "wss://localhost:" + env.getOrDefault("AVIARY_WSS_PORT", "8443") + "/mqtt");
    consoleEnv.put("AVIARY_MQTT_CA_FILE", data.resolve("certs").resolve("ca.pem").toString());
    ChildService console = launch("console", "console", "AVIARY_CONSOLE_JAVA_OPTS", consoleEnv);
    tenantApi.awaitReady(Integer.parseInt(tenantHttpPort), Duration.ofMinutes(2));
    aclService.awaitReady(Integer.parseInt(aclHttpPort), Duration.ofMinutes(2));
    auditPipeline.awaitReady(Integer.parseInt(auditHttpPort), Duration.ofMinutes(2));
    console.awaitReady(Integer.parseInt(httpPort), Duration.ofMinutes(2));
    new DemoPolicy(tenantApiUrl, aclServiceUrl).ensure(data.resolve("demo.env"));

    // Its sessions API checks platform tokens like the other services: tenant-api's keys, issuer.
    Map<String, String> brokerEnv = new HashMap<>(platformClient);
    brokerEnv.put("AVIARY_ACL_SERVICE_URL", aclServiceUrl);
    // Local identity providers (a Keycloak or mock server on localhost) usually speak http.
    brokerEnv.put("AVIARY_TENANCY_ALLOW_INSECURE_IDP_URLS", "true");
    if (brokerNodes == 1) {
      brokerEnv.put("AVIARY_HTTP_PORT", brokerHttpPort);
      ChildService broker = launch("broker", "broker-node", "AVIARY_JAVA_OPTS", brokerEnv);
      broker.awaitReady(Integer.parseInt(brokerHttpPort), Duration.ofMinutes(2));
    } else {
      startCluster(brokerEnv, brokerHttpPort);
    }

    System.out.println(
        Banner.text(
            data, httpPort, aclHttpPort, auditHttpPort, brokerHttpPort, mqttsPort, brokerNodes));
  }

  /**
   * Broker nodes 0 to n-1 as one cluster: node i listens on each configured port + i (HTTP, MQTT,
   * MQTTS, WSS, membership, event bus). Node 0 starts first, so that it alone makes the dev CA in
   * the shared data directory that every node then serves.
   */
  private void startCluster(Map<String, String> brokerEnv, String brokerHttpPort)
      throws IOException, InterruptedException {
    int http = Integer.parseInt(brokerHttpPort);
    int mqtt = port("AVIARY_MQTT_PORT", 1883);
    int mqtts = port("AVIARY_MQTTS_PORT", 8883);
    int wss = port("AVIARY_WSS_PORT", 8443);
    int membership = port("AVIARY_CLUSTER_PORT", 5701);
    int bus = port("AVIARY_CLUSTER_BUS_PORT", 5801);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < brokerNodes; i++) {
      members.add("127.0.0.1:" + (membership + i));
    }
    List<ChildService> nodes = new ArrayList<>();
    for (int i = 0; i < brokerNodes; i++) {
      Map<String, String> nodeEnv = new HashMap<>(brokerEnv);
      nodeEnv.put("AVIARY_NODE_ID", "broker-" + i);
      nodeEnv.put("AVIARY_HTTP_PORT", Integer.toString(http + i));
      nodeEnv.put("AVIARY_MQTT_PORT", Integer.toString(mqtt + i));
      nodeEnv.put("AVIARY_MQTTS_PORT", Integer.toString(mqtts + i));
      nodeEnv.put("AVIARY_WSS_PORT", Integer.toString(wss + i));
      nodeEnv.put("AVIARY_CLUSTER_ENABLED", "true");
      nodeEnv.put("AVIARY_CLUSTER_HOST", "127.0.0.1");
      nodeEnv.put("AVIARY_CLUSTER_PORT", Integer.toString(membership + i));
      nodeEnv.put("AVIARY_CLUSTER_BUS_PORT", Integer.toString(bus + i));
      nodeEnv.put("AVIARY_CLUSTER_MEMBERS", String.join(",", members));
      nodes.add(launch("broker-" + i, "broker-node", "AVIARY_JAVA_OPTS", nodeEnv));
      if (i == 0) {
        nodes.get(0).awaitReady(http, Duration.ofMinutes(2));
      }
    }
    for (int i = 1; i < brokerNodes; i++) {
      nodes.get(i).awaitReady(http + i, Duration.ofMinutes(2));
    }
  }

  private int port(String variable, int fallback) {
    return Integer.parseInt(env.getOrDefault(variable, Integer.toString(fallback)));
  }

  /**
   * {@code base} plus a service's own database in the embedded PostgreSQL, created on first start,
   * as {@code <prefix>_DB_URL}, {@code _DB_USER} and {@code _DB_PASSWORD}.
   */
  private Map<String, String> withDatabase(Map<String, String> base, String prefix, String name)
      throws SQLException {
    ensureDatabase(name);
    Map<String, String> withDb = new HashMap<>(base);
    withDb.put(prefix + "_DB_URL", postgres.getJdbcUrl("postgres", name));
    withDb.put(prefix + "_DB_USER", "postgres");
    withDb.put(prefix + "_DB_PASSWORD", "");
    return withDb;
  }

  /** Starts a module's packaged Quarkus application as a child; Ctrl-C stops it. */
  private ChildService launch(
      String name, String module, String javaOptionsVariable, Map<String, String> childEnv)
      throws IOException {
    ChildService child =
        ChildService.start(
            name,
            root.resolve(module + "/target/quarkus-app/quarkus-run.jar"),
            javaOptions(javaOptionsVariable),
            childEnv,
            data.resolve("logs"));
    children.add(child);
    return child;
  }

  /**
   * Creates a service's database on first start (a constant name); PostgreSQL has no CREATE
   * DATABASE ... IF NOT EXISTS.
   */
  private void ensureDatabase(String name) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (!rs.next()) {
          s.execute("CREATE DATABASE " + name);
        }
      }
    }
  }

  /** The shared secret between tenant-api and the broker: made once, kept owner-only. */
  private String internalToken() throws IOException {
    return secret("internal-token");
  }

  /** 32 random bytes, base64url, made on first start in {@code data/<name>}, kept owner-only. */
  private String secret(String name) throws IOException {
    Path file = data.resolve(name);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Files.writeString(file, token, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return token;
  }

  private List<String> javaOptions(String variable) {
    String value = env.getOrDefault(variable, "").strip();
    return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
  }

  private void stop() {
    stopping = true;
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).stop(Duration.ofSeconds(20));
    }
    children.clear();
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("aviary: stopping PostgreSQL: " + e.getMessage());
      }
      postgres = null;
    }
  }

  static void log(String message) {
    System.out.println("aviary: " + message);
  }
}
