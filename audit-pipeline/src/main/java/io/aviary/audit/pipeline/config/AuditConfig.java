package io.aviary.audit.pipeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code aviary.*} setting of the audit pipeline, each with its default and one line of doc.
 * The Kafka brokers are {@code kafka.bootstrap.servers} (and any other {@code kafka.*} client
 * property); the database is Quarkus' {@code quarkus.datasource.*}. The internal token, dev mode
 * and data directory are read by service-common's {@code InternalToken}; they are listed here so
 * that every key of the service is documented in one place.
 */
@ConfigMapping(prefix = "aviary")
public interface AuditConfig {

  /** Development mode: Swagger UI, the internal token shared through {@code <data-dir>}. */
  @WithDefault("false")
  boolean devMode();

  /** Data directory: where dev mode reads (or first generates) the shared internal token. */
  @WithDefault("./data")
  Path dataDir();

  /** tenant-api's base URL: platform-token keys and the retention settings. */
  String tenantApiUrl();

  /** How platform access tokens are verified (mp.jwt.verify.* are set from these). */
  Platform platform();

  /** The shared internal token. */
  Internal internal();

  /** The audit stream, store, API and retention. */
  Audit audit();

  /** How platform access tokens are verified. */
  interface Platform {
    /** The {@code iss} tenant-api signs with ({@code aviary.platform.issuer} there). */
    String issuer();

    /** tenant-api's JWK Set, fetched and cached. */
    String jwksUri();
  }

  /** The shared internal token. */
  interface Internal {
    /**
     * Bearer token for tenant-api's {@code /internal/v1} (and this service's); required outside dev
     * mode (at least 32 characters), read from or generated into {@code <data-dir>/internal-token}
     * in dev mode.
     */
    Optional<String> token();
  }

  /** The audit stream, store, API and retention. */
  interface Audit {
    /** The Kafka topic brokers and services write audit events to. */
    @WithDefault("aviary.audit.v1")
    String topic();

    /** Where records the codec refuses go, with the reason in headers. */
    @WithDefault("aviary.audit.v1.dlq")
    String deadLetterTopic();

    /** The Kafka consumer group; instances of the pipeline share its partitions. */
    @WithDefault("aviary-audit-pipeline")
    String consumerGroup();

    /** Most records per poll, written as one INSERT in one transaction (max.poll.records). */
    @WithDefault("2000")
    int batchSize();

    /**
     * Consumers in this instance, each with its own share of the partitions, writer thread and
     * database connection; at most the topic's partition count is useful.
     */
    @WithDefault("2")
    int consumers();

    /** Whether this instance consumes the topic (off: query API only). */
    @WithDefault("true")
    boolean ingestEnabled();

    /** Longest wait between retries of a batch the database refused. */
    @WithDefault("10s")
    Duration maxRetryBackoff();

    /** Daily partitions. */
    Partitions partitions();

    /** Retention of stored events. */
    Retention retention();

    /** The query, export and tail API. */
    Api api();
  }

  /** Daily partitions of {@code audit_event}. */
  interface Partitions {
    /** Days after today whose partitions exist ahead of time. */
    @WithDefault("2")
    int aheadDays();

    /**
     * Days before today for which a late event gets a partition of its own; older (and further
     * future) events go to the default partition.
     */
    @WithDefault("31")
    int backDays();
  }

  /** Retention of stored events; per-organization days come from tenant-api. */
  interface Retention {
    /** Whether this instance runs the periodic sweep. */
    @WithDefault("true")
    boolean enabled();

    /** Days kept when tenant-api's answer has no {@code default_retention_days}. */
    @WithDefault("30")
    int defaultDays();

    /** Time between sweeps (the first runs one minute after start). */
    @WithDefault("1h")
    Duration sweepInterval();

    /** Most rows one DELETE statement removes, so no sweep holds long locks. */
    @WithDefault("10000")
    int deleteBatch();

    /** Timeout of the call to tenant-api for the retention settings. */
    @WithDefault("10s")
    Duration settingsTimeout();
  }

  /** The query, export and tail API. */
  interface Api {
    /** Most exports streaming at once; more get 503. */
    @WithDefault("4")
    int maxConcurrentExports();

    /** Most live tails open at once; more get 503. */
    @WithDefault("200")
    int maxTails();

    /** Rows fetched per round trip by exports (JDBC fetch size). */
    @WithDefault("1000")
    int exportFetchSize();
  }
}
