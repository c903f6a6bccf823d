package io.aviary.node.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the broker node is configured with, under {@code aviary.*}. */
@ConfigMapping(prefix = "aviary")
public interface BrokerConfig {

  /**
   * Development mode: anonymous clients, allow-all authorization, dev CA, plain MQTT on loopback.
   */
  @WithName("dev-mode")
  @WithDefault("false")
  boolean devMode();

  /** Data directory: development CA, later embedded PostgreSQL and Kafka. */
  @WithName("data-dir")
  @WithDefault("./data")
  String dataDir();

  /** This node's name in audit events and logs; the host name when unset. */
  @WithName("node-id")
  Optional<String> nodeId();

  /** Event-loop instances per listener; 0 means one per core. */
  @WithName("event-loops")
  @WithDefault("0")
  int eventLoops();

  /** MQTT over plain TCP: only when asked for; dev mode binds it to loopback. */
  Listener mqtt();

  /** MQTT over TLS. */
  Listener mqtts();

  /** MQTT over plain WebSocket: off unless asked for. */
  Listener ws();

  /** MQTT over secure WebSocket, path /mqtt. */
  Listener wss();

  /** Protocol limits shared by every listener. */
  Mqtt limits();

  /** Where organizations, their identity providers and CAs come from. */
  Tenancy tenancy();

  /** Where organizations' ACL v2 policies come from. */
  Acl acl();

  /** The audit stream: every security decision and session event, to Kafka. */
  Audit audit();

  /** The sessions REST API on the HTTP port ({@code /api/v1/orgs/{org}/sessions}). */
  Api api();

  /** Clustering: broker nodes that act as one broker ({@code docs/adr/0005-cluster.md}). */
  Cluster cluster();

  /** The single node's journal in its data directory. */
  Journal journal();

  /**
   * A node that is not clustered keeps its persistent sessions (subscriptions, undelivered QoS 1/2
   * messages) and retained messages in {@code <data-dir>/broker.journal}, and a restart with the
   * same data directory resumes them. A clustered node keeps them in the cluster instead.
   */
  interface Journal {
    @WithDefault("true")
    boolean enabled();
  }

  /**
   * Nodes find each other over TCP, from a static member list or a Kubernetes headless Service's
   * DNS name; never by multicast. Membership (Hazelcast) and the event bus each use their own port.
   */
  interface Cluster {
    /** Whether this node joins a cluster. Off: a single node, as before. */
    @WithDefault("false")
    boolean enabled();

    /** Nodes join only a cluster of the same name. */
    @WithDefault("aviary")
    String name();

    /** The address this node binds and announces to the others (on Kubernetes: the pod IP). */
    @WithDefault("127.0.0.1")
    String host();

    /** The membership port (Hazelcast). */
    @WithDefault("5701")
    int port();

    /** The event-bus port: forwarded messages and route changes travel over it. */
    @WithName("bus-port")
    @WithDefault("5801")
    int busPort();

    /**
     * Static seed members as {@code host:port} (membership ports). A node may list itself. Unset
     * and without {@link #kubernetesServiceDns()}, the node looks for peers only at its own
     * address.
     */
    Optional<List<String>> members();

    /**
     * The fully qualified DNS name of the Kubernetes headless Service that selects the broker pods.
     * Discovery by DNS needs no Kubernetes API permission. Takes precedence over {@link
     * #members()}.
     */
    @WithName("kubernetes-service-dns")
    Optional<String> kubernetesServiceDns();

    /**
     * How long a silent member is still considered alive. A killed node's clients reconnect
     * elsewhere at once; what this bounds is how long its routes and session ownership linger.
     */
    @WithName("failure-timeout")
    @WithDefault("10s")
    Duration failureTimeout();
  }

  /**
   * The sessions API accepts platform access tokens from tenant-api (RS256, audience {@code
   * aviary-api}, {@code token_use} access, {@code org_id} the organization of the path), like the
   * other services. Without a JWK Set it refuses every request.
   */
  interface Api {
    /** The {@code iss} of platform access tokens; defaults to the tenant-api URL. */
    Optional<String> issuer();

    /**
     * Where the platform token keys are published; defaults to tenant-api's {@code
     * /.well-known/jwks.json}. With neither, the API answers 503 to every request.
     */
    @WithName("jwks-uri")
    Optional<URI> jwksUri();

    /** The most sessions one page of a listing holds, and the largest {@code limit} accepted. */
    @WithName("max-page-size")
    @WithDefault("500")
    int maxPageSize();

    /** How long a request waits for the event loops that hold the sessions before a 503. */
    @WithDefault("10s")
    Duration timeout();
  }

  /**
   * Audit events go to Kafka (topic {@code aviary.audit.v1}, keyed by organization) through a
   * bounded buffer: a slow or absent Kafka never blocks a client, it costs counted drops and an
   * {@code audit_dropped} marker per organization once Kafka is back.
   */
  interface Audit {
    /**
     * Kafka's bootstrap servers. Required outside dev mode; without them dev mode writes events to
     * the {@code aviary.audit} log category at DEBUG. TLS and SASL come from the {@code
     * kafka.security.protocol}, {@code kafka.sasl.*} and {@code kafka.ssl.*} keys, as in every
     * service (audit-events' {@code KafkaClientSecurity}).
     */
    @WithName("kafka-bootstrap-servers")
    Optional<String> kafkaBootstrapServers();

    /** The topic events are written to. */
    @WithDefault("aviary.audit.v1")
    String topic();

    /**
     * Events held in memory while Kafka is slow or down, rounded up to a power of two; what
     * overflows is dropped and counted.
     */
    @WithName("buffer-events")
    @WithDefault("100000")
    int bufferEvents();

    /** Bytes the Kafka producer itself buffers (its batches) while Kafka is slow or down. */
    @WithName("producer-buffer-bytes")
    @WithDefault("33554432")
    long producerBufferBytes();

    /**
     * Compression of the producer's batches: lz4 (the default, cheap), zstd or gzip (smaller, more
     * CPU), snappy, or none (least CPU on the broker node, most bytes on the network).
     */
    @WithDefault("lz4")
    String compression();

    /**
     * How long the producer lets a batch wait for more events. Larger batches cost the node and
     * Kafka less CPU per event; events reach Kafka this much later.
     */
    @WithDefault("100ms")
    Duration linger();

    /** The largest batch the producer sends, in bytes (at most a quarter of its buffer). */
    @WithName("batch-bytes")
    @WithDefault("1048576")
    int batchBytes();

    /**
     * How many bytes of one organization's consecutive events a Kafka record packs, one event per
     * line, from 0 (every event a record of its own) to 524288. Packing spares the node and Kafka
     * most of their per-record work; consumers split records with {@code AuditCodec.lines}.
     */
    @WithName("record-bytes")
    @WithDefault("65536")
    int recordBytes();

    /**
     * Whether a record writes the allowed publishes of one client as {@code acl_verdict_run} lines
     * (ADR 7), about a fifth of the bytes and of the node's CPU of one event each. Every audit
     * pipeline reading the topic must understand them (this release does): switch it off while an
     * older pipeline still reads, and on once it is upgraded.
     */
    @WithName("verdict-runs")
    @WithDefault("true")
    boolean verdictRuns();

    /** How long the producer retries a buffered batch before its events count as lost. */
    @WithName("delivery-timeout")
    @WithDefault("2m")
    Duration deliveryTimeout();

    /**
     * How organizations whose configuration says nothing (orgs-dir files without {@code audit}, the
     * test organization) record allowed publishes: all, sampled or none.
     */
    @WithName("allowed-publishes")
    @WithDefault("sampled")
    String allowedPublishes();

    /** The fraction of allowed publishes kept by {@code sampled}, from 0 to 1. */
    @WithName("sample-rate")
    @WithDefault("0.01")
    double sampleRate();
  }

  /**
   * ACL v2 policies. With acl-service, each organization's active version; with an orgs-dir, {@code
   * <org_id>.acl.json} files beside the organization files. An organization without a policy is
   * deny-all.
   */
  interface Acl {
    /**
     * acl-service's base URL: the broker loads each organization's active policy from it and
     * follows its feed of activations. Called with {@code aviary.tenancy.internal-token}.
     */
    @WithName("service-url")
    Optional<URI> serviceUrl();

    /**
     * Development and tests only: one ACL v2 document applied to every organization (the anonymous
     * one included, which is otherwise Permit All). Refused unless dev mode is on.
     */
    @WithName("policy-file")
    Optional<String> policyFile();
  }

  /** Organizations and authentication. */
  interface Tenancy {
    /** tenant-api's base URL; the broker loads each organization's configuration from it. */
    @WithName("tenant-api-url")
    Optional<URI> tenantApiUrl();

    /** The shared secret for tenant-api's internal endpoints. */
    @WithName("internal-token")
    Optional<String> internalToken();

    /**
     * A directory of {@code <org_id>.json} files in tenant-api's broker-config format, for a broker
     * without tenant-api (tests, air-gapped sites). Re-read when a file changes.
     */
    @WithName("orgs-dir")
    Optional<String> orgsDir();

    /**
     * Tests only: clients without credentials join this organization. Refused unless dev mode is on
     * and no other source is configured.
     */
    @WithName("anonymous-org")
    Optional<String> anonymousOrg();

    /** How long an organization's configuration is used before it is fetched again. */
    @WithName("cache-ttl")
    @WithDefault("60s")
    Duration cacheTtl();

    /** Development only: allow http:// discovery and JWKS URLs for identity providers. */
    @WithName("allow-insecure-idp-urls")
    @WithDefault("false")
    boolean allowInsecureIdpUrls();
  }

  /** One listener. */
  interface Listener {
    /** Whether the listener is started. */
    boolean enabled();

    /** Address to bind. */
    @WithDefault("0.0.0.0")
    String host();

    /** Port to bind; 0 picks a free port (tests). */
    int port();

    /** TLS settings; used by mqtts and wss. */
    Tls tls();
  }

  /** Server certificate and client-certificate policy of a TLS listener. */
  interface Tls {
    /** Server certificate chain (PEM). Dev mode generates one when absent. */
    Optional<String> cert();

    /** Server private key (PKCS#8 PEM). */
    Optional<String> key();

    /** Client certificates: none, optional or required. */
    @WithName("client-auth")
    @WithDefault("none")
    String clientAuth();

    /** CA certificates (PEM) trusted for client certificates; dev mode uses the dev CA. */
    @WithName("trust")
    Optional<List<String>> trust();

    /** TLS handshake timeout. */
    @WithName("handshake-timeout")
    @WithDefault("10s")
    Duration handshakeTimeout();
  }

  /** MQTT protocol bounds: every vertx-mqtt default replaced by an explicit value. */
  interface Mqtt {
    /** Largest packet accepted (and announced as Maximum Packet Size), bytes. */
    @WithName("max-packet-size")
    @WithDefault("1048576")
    int maxPacketSize();

    /** Longest client id accepted, in characters. */
    @WithName("max-client-id-length")
    @WithDefault("128")
    int maxClientIdLength();

    /** Time allowed between TCP accept and CONNECT. */
    @WithName("connect-timeout")
    @WithDefault("10s")
    Duration connectTimeout();

    /** Smallest keep-alive an MQTT 5 client gets (raised by Server Keep Alive). */
    @WithName("keep-alive-min")
    @WithDefault("5s")
    Duration keepAliveMin();

    /** Largest keep-alive an MQTT 5 client gets; 0 from a v5 client is capped to this too. */
    @WithName("keep-alive-max")
    @WithDefault("1h")
    Duration keepAliveMax();

    /** Longest Session Expiry Interval granted. */
    @WithName("session-expiry-max")
    @WithDefault("7d")
    Duration sessionExpiryMax();

    /** Receive Maximum we announce: unacknowledged inbound QoS 2 publishes per connection. */
    @WithName("receive-maximum")
    @WithDefault("128")
    int receiveMaximum();

    /** Outbound in-flight window for MQTT 3.1.1 clients (MQTT 5 clients set theirs). */
    @WithName("max-inflight")
    @WithDefault("128")
    int maxInflight();

    /** QoS 1/2 messages queued per session while offline or while the window is full. */
    @WithName("max-queued-messages")
    @WithDefault("1000")
    int maxQueuedMessages();

    /** Bytes of QoS 0 messages allowed in a connection's write queue before QoS 0 is dropped. */
    @WithName("max-pending-write-bytes")
    @WithDefault("4194304")
    int maxPendingWriteBytes();

    /** Topic Alias Maximum we announce to MQTT 5 clients. */
    @WithName("topic-alias-maximum")
    @WithDefault("64")
    int topicAliasMaximum();

    /** Deepest topic name or filter accepted. */
    @WithName("max-topic-levels")
    @WithDefault("128")
    int maxTopicLevels();

    /** Retained messages kept by the node. */
    @WithName("max-retained-messages")
    @WithDefault("1000000")
    int maxRetainedMessages();
  }
}
