package io.aviary.node;

import io.aviary.audit.event.KafkaClientSecurity;
import io.aviary.broker.auth.AnonymousAuthenticator;
import io.aviary.broker.auth.Authenticator;
import io.aviary.broker.auth.RefusingAuthenticator;
import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.CertificateVerifier;
import io.aviary.identity.KeySetCache;
import io.aviary.identity.TokenVerifier;
import io.aviary.node.acl.AclServiceClient;
import io.aviary.node.acl.Acls;
import io.aviary.node.acl.FileAclSource;
import io.aviary.node.acl.OrgPolicy;
import io.aviary.node.audit.AuditShipper;
import io.aviary.node.audit.AuditSink;
import io.aviary.node.audit.KafkaAuditTransport;
import io.aviary.node.audit.LogAuditSink;
import io.aviary.node.audit.PublishRecording;
import io.aviary.node.cluster.ClusterNode;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.connection.BrokerServices;
import io.aviary.node.connection.ConnectionTracker;
import io.aviary.node.connection.LiveSessions;
import io.aviary.node.identity.CachingOrgDirectory;
import io.aviary.node.identity.FileOrgSource;
import io.aviary.node.identity.OrgChanges;
import io.aviary.node.identity.OrgConfig;
import io.aviary.node.identity.OrgSource;
import io.aviary.node.identity.PlatformCredentials;
import io.aviary.node.identity.PlatformLoader;
import io.aviary.node.identity.TenantApiClient;
import io.aviary.node.identity.TenantAuthenticator;
import io.aviary.node.journal.Journal;
import io.aviary.node.journal.JournalPeers;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Peers;
import io.aviary.node.tenant.Tenants;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Wires the broker's parts once per node: the organization namespaces, authentication, the ACL
 * policies and the audit sink. The test profile's anonymous organization is the only place clients
 * connect without a credential, and the only one that gets Permit All without asking for it.
 */
@ApplicationScoped
public class Broker {
  private static final Logger LOG = Logger.getLogger(Broker.class);

  /**
   * The largest pack of audit events per Kafka record: with one more event it stays under the
   * producer's and the topic's 1 MiB default record limits.
   */
  private static final int MAX_RECORD_BYTES = 512 * 1024;

  private final BrokerServices services;
  private final ConnectionTracker connections = new ConnectionTracker();
  private final Optional<TenantApiClient> tenantApi;
  private final OrgChanges changes;
  private final Optional<AclServiceClient> aclService;
  private final LiveSessions liveSessions;
  private final ClusterNode cluster;
  private final Journal journal;
  private AuditShipper shipper;

  /**
   * @param kafka every {@code kafka.*} property without its prefix ({@code KAFKA_*} variables
   *     included), of which the audit producer takes the security settings, as every service does
   */
  public Broker(
      BrokerConfig config,
      MeterRegistry registry,
      Vertx vertx,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    BrokerMetrics metrics = new BrokerMetrics(registry);
    String nodeId = config.nodeId().orElseGet(Broker::hostName);
    this.cluster =
        config.cluster().enabled()
            ? new ClusterNode(
                vertx,
                (HazelcastClusterManager) ((VertxInternal) vertx).getClusterManager(),
                metrics,
                config.cluster().failureTimeout())
            : null;
    this.journal =
        cluster == null && config.journal().enabled()
            ? Journal.open(Path.of(config.dataDir()))
            : null;
    Peers peers =
        cluster != null ? cluster : journal != null ? new JournalPeers(journal) : Peers.NONE;
    Tenants tenants =
        new Tenants(
            metrics,
            config.limits().maxRetainedMessages(),
            config.limits().maxQueuedMessages(),
            defaultRecording(config.audit()),
            peers);
    if (journal != null) {
      Journal.Restored restored =
          journal
              .restore(tenants, ((VertxInternal) vertx).nettyEventLoopGroup())
              .toCompletableFuture()
              .join();
      LOG.infof(
          "journal %s: %d persistent sessions with %d queued messages and %d retained messages"
              + " restored",
          Path.of(config.dataDir(), "broker.journal"),
          restored.sessions(),
          restored.messages(),
          restored.retained());
    }
    if (cluster != null) {
      cluster
          .start(tenants)
          .onFailure(e -> LOG.error("this node could not take its part in the cluster", e));
    }
    BrokerConfig.Tenancy tenancy = config.tenancy();
    boolean dev = config.devMode();
    if (tenancy.allowInsecureIdpUrls() && !dev) {
      throw new IllegalStateException(
          "aviary.tenancy.allow-insecure-idp-urls needs aviary.dev-mode=true: identity providers"
              + " are reached over https only");
    }
    this.tenantApi =
        tenancy
            .tenantApiUrl()
            .map(
                url ->
                    new TenantApiClient(
                        url,
                        tenancy
                            .internalToken()
                            .orElseThrow(
                                () ->
                                    new IllegalStateException(
                                        "aviary.tenancy.internal-token (AVIARY_INTERNAL_TOKEN) must"
                                            + " be set with aviary.tenancy.tenant-api-url"))));
    Authenticator authenticator;
    if (tenancy.anonymousOrg().isPresent()) {
      authenticator = anonymous(config);
      changes = null;
    } else if (tenantApi.isPresent() || tenancy.orgsDir().isPresent()) {
      if (tenantApi.isPresent() && tenancy.orgsDir().isPresent()) {
        throw new IllegalStateException(
            "set one of aviary.tenancy.tenant-api-url and aviary.tenancy.orgs-dir, not both");
      }
      OrgSource<OrgConfig> source =
          tenantApi.isPresent()
              ? tenantApi.get()
              : new FileOrgSource(Path.of(tenancy.orgsDir().get()), ForkJoinPool.commonPool());
      CachingOrgDirectory<OrgConfig> directory =
          new CachingOrgDirectory<>(source, tenancy.cacheTtl());
      KeySetCache idpKeys =
          KeySetCache.builder().allowInsecureHttp(tenancy.allowInsecureIdpUrls()).build();
      // Platform keys come from tenant-api's address, set by the operator, not by an organization.
      KeySetCache platformKeys = KeySetCache.builder().allowInsecureHttp(true).build();
      Supplier<CompletionStage<Optional<PlatformCredentials>>> platform =
          tenantApi.isPresent()
              ? new PlatformLoader(tenantApi.get())
              : () -> CompletableFuture.completedFuture(Optional.empty());
      CertificateVerifier certificates = new CertificateVerifier();
      authenticator =
          new TenantAuthenticator(
              directory,
              new TokenVerifier(idpKeys),
              new TokenVerifier(platformKeys),
              platform,
              certificates,
              tenants,
              verifierPool());
      changes = new OrgChanges(directory, idpKeys, connections, certificates, tenants);
    } else {
      authenticator = new RefusingAuthenticator();
      changes = null;
    }
    this.aclService =
        config
            .acl()
            .serviceUrl()
            .map(
                url ->
                    new AclServiceClient(
                        url,
                        tenancy
                            .internalToken()
                            .orElseThrow(
                                () ->
                                    new IllegalStateException(
                                        "aviary.tenancy.internal-token (AVIARY_INTERNAL_TOKEN) must"
                                            + " be set with aviary.acl.service-url"))));
    this.liveSessions = new LiveSessions(tenants, metrics);
    this.services =
        new BrokerServices(
            config.limits(),
            tenants,
            metrics,
            authenticator,
            acls(config, tenants),
            auditSink(config, nodeId, metrics, kafka),
            nodeId);
  }

  /**
   * Kafka when configured; dev mode may do without it (events go to the log). Production refuses to
   * start without it: a broker that cannot say who connected is not a secure default.
   */
  private AuditSink auditSink(
      BrokerConfig config, String nodeId, BrokerMetrics metrics, Map<String, Object> kafka) {
    BrokerConfig.Audit audit = config.audit();
    if (audit.kafkaBootstrapServers().isEmpty()) {
      if (!config.devMode()) {
        throw new IllegalStateException(
            "aviary.audit.kafka-bootstrap-servers (AVIARY_KAFKA_BOOTSTRAP_SERVERS) must be set"
                + " outside dev mode: audit events go to Kafka");
      }
      LOG.info("no aviary.audit.kafka-bootstrap-servers: audit events go to the aviary.audit log");
      return new LogAuditSink();
    }
    if (audit.bufferEvents() < 2) {
      throw new IllegalStateException("aviary.audit.buffer-events must be at least 2");
    }
    if (audit.recordBytes() < 0 || audit.recordBytes() > MAX_RECORD_BYTES) {
      throw new IllegalStateException(
          "aviary.audit.record-bytes must be between 0 and "
              + MAX_RECORD_BYTES
              + " (was "
              + audit.recordBytes()
              + ")");
    }
    KafkaClientSecurity security = KafkaClientSecurity.fromConfiguration(kafka);
    LOG.infof(
        "audit events go to Kafka topic %s at %s (%s)",
        audit.topic(), audit.kafkaBootstrapServers().get(), security);
    security.warnings().forEach(LOG::warn);
    shipper =
        new AuditShipper(
            audit.bufferEvents(),
            nodeId,
            new KafkaAuditTransport(
                KafkaAuditTransport.producerSettings(
                    audit.kafkaBootstrapServers().get(),
                    security,
                    "aviary-broker-" + nodeId,
                    audit.producerBufferBytes(),
                    audit.deliveryTimeout(),
                    audit.compression(),
                    audit.linger(),
                    audit.batchBytes()),
                audit.topic(),
                audit.recordBytes(),
                audit.verdictRuns()));
    metrics.audit(shipper);
    return shipper;
  }

  private static PublishRecording defaultRecording(BrokerConfig.Audit audit) {
    try {
      return PublishRecording.parse(audit.allowedPublishes(), audit.sampleRate());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "aviary.audit.allowed-publishes / aviary.audit.sample-rate: " + e.getMessage(), e);
    }
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME"); // the pod name on Kubernetes
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "aviary-broker";
    }
  }

  /** Ships what the audit buffer holds, after the listeners have ended every connection. */
  void stop(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event)
      throws Exception {
    if (shipper != null) {
      shipper.close();
    }
    if (journal != null) {
      journal.close();
    }
  }

  /**
   * Where policies come from: acl-service, or the orgs-dir's {@code .acl.json} files, or (dev mode
   * only) one policy file; the anonymous test organization is Permit All; without any source every
   * organization is deny-all.
   */
  private Acls acls(BrokerConfig config, Tenants tenants) {
    BrokerConfig.Tenancy tenancy = config.tenancy();
    Optional<String> policyFile = config.acl().policyFile();
    if (policyFile.isPresent()) {
      if (!config.devMode()) {
        throw new IllegalStateException(
            "aviary.acl.policy-file is for development and tests and needs aviary.dev-mode=true");
      }
      Path file = Path.of(policyFile.get());
      try {
        return Acls.fixed(
            OrgPolicy.parse(0, Files.readString(file, StandardCharsets.UTF_8), file.toString()),
            connections,
            tenants);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read aviary.acl.policy-file " + file, e);
      }
    }
    if (aclService.isPresent()) {
      return Acls.from(
          new CachingOrgDirectory<>(aclService.get(), tenancy.cacheTtl()), connections, tenants);
    }
    if (tenancy.anonymousOrg().isPresent()) {
      return Acls.fixed(OrgPolicy.PERMIT_ALL, connections, tenants);
    }
    if (tenancy.orgsDir().isPresent()) {
      return Acls.from(
          new CachingOrgDirectory<>(
              new FileAclSource(Path.of(tenancy.orgsDir().get()), ForkJoinPool.commonPool()),
              tenancy.cacheTtl()),
          connections,
          tenants);
    }
    if (tenantApi.isPresent()) {
      LOG.warn(
          "no ACL source (aviary.acl.service-url) is configured: every organization is deny-all");
    }
    return Acls.fixed(OrgPolicy.BLANK, connections, tenants);
  }

  /**
   * Threads for signature checks, one per core. The queue is bounded; when it is full the event
   * loop checks the signature itself, which slows accepting new clients rather than dropping them.
   */
  private static Executor verifierPool() {
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(8192),
        r -> Thread.ofPlatform().daemon().name("aviary-verify-" + n.incrementAndGet()).unstarted(r),
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  private static Authenticator anonymous(BrokerConfig config) {
    if (!config.devMode()) {
      throw new IllegalStateException(
          "aviary.tenancy.anonymous-org is for tests and needs aviary.dev-mode=true");
    }
    String org = config.tenancy().anonymousOrg().get();
    return new AnonymousAuthenticator(
        OrgId.parse(org)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "aviary.tenancy.anonymous-org: " + org + " is not an organization id")));
  }

  /** acl-service, when the broker loads ACL policies from it. */
  public Optional<AclServiceClient> aclService() {
    return aclService;
  }

  public BrokerServices services() {
    return services;
  }

  public ConnectionTracker connections() {
    return connections;
  }

  /** This node's part in the cluster, when clustering is on. */
  public Optional<ClusterNode> cluster() {
    return Optional.ofNullable(cluster);
  }

  /** This node's sessions, for the sessions API. */
  public LiveSessions liveSessions() {
    return liveSessions;
  }

  /** tenant-api, when the broker loads organizations from it. */
  public Optional<TenantApiClient> tenantApi() {
    return tenantApi;
  }

  /** Applies organization configuration changes, when organizations come from a directory. */
  public Optional<OrgChanges> changes() {
    return Optional.ofNullable(changes);
  }
}
