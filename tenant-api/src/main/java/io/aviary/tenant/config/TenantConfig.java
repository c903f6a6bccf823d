package io.aviary.tenant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code aviary.*} setting of the tenant API, each with its default and one line of doc. */
@ConfigMapping(prefix = "aviary")
public interface TenantConfig {

  /**
   * Development mode: http IdP URLs (stored, probed and fetched), long service-account credentials,
   * demo seeding.
   */
  @WithDefault("false")
  boolean devMode();

  /** Data directory: demo.env, the dev internal token, the broker's dev CA. */
  @WithDefault("./data")
  Path dataDir();

  /** Platform token issuing. */
  Platform platform();

  /** The broker-facing internal API. */
  Internal internal();

  /** Public MQTT endpoints shown to organizations. */
  Endpoints endpoints();

  /** Per-organization quotas. */
  Quotas quotas();

  /** Service-account credentials. */
  ServiceAccounts serviceAccounts();

  /**
   * Audit retention. The outbox keys ({@code aviary.audit.enabled}, {@code aviary.audit.topic},
   * {@code aviary.audit.outbox.*}, {@code aviary.node-id}) are service-common's AuditOutboxConfig.
   */
  Audit audit();

  /** Invitations of console users. */
  Invitations invitations();

  /** How console users sign in: with a password, through the platform's OIDC provider, or both. */
  ConsoleLogin consoleLogin();

  /** Development-only settings. */
  Dev dev();

  /** How console users sign in (docs/adr/0006-console-oidc-sign-in.md). */
  interface ConsoleLogin {
    /**
     * Password log-in, at the token endpoint and when accepting an invitation. Off needs OIDC; API
     * keys still log scripts in.
     */
    @WithDefault("true")
    boolean password();

    /** The platform's own OIDC provider; off without an issuer. */
    Oidc oidc();
  }

  /** The platform's OIDC provider, with tenant-api as its confidential client. */
  interface Oidc {
    /**
     * The provider's issuer, exactly as its ID tokens' {@code iss} say it (discovery is {@code
     * <issuer>/.well-known/openid-configuration}); https outside dev mode.
     */
    Optional<String> issuer();

    /** The client id registered with the provider; ID tokens must name it in {@code aud}. */
    Optional<String> clientId();

    /** The client secret; without one the client is public and relies on PKCE alone. */
    Optional<String> clientSecret();

    /** Scopes asked for; {@code openid} and {@code email} are required. */
    @WithDefault("openid email profile")
    String scopes();

    /** The provider's name on the sign-in button ("Sign in with ..."). */
    @WithDefault("single sign-on")
    String displayName();

    /** Email domains whose users may sign in this way; none set: any domain. */
    Optional<List<String>> allowedEmailDomains();

    /**
     * Where the provider sends the browser back; defaults to {@code <console-url>/login/callback}.
     */
    Optional<URI> redirectUri();

    /** How long a sign-in may take from the button to the callback. */
    @WithDefault("10m")
    Duration signInTimeout();

    /** Most sign-ins in progress at once, platform-wide; more wait for others to end. */
    @WithDefault("10000")
    @Min(1)
    int maxPendingSignIns();
  }

  /** Invitations of console users. */
  interface Invitations {
    /** How long an invitation link works. */
    @WithDefault("7d")
    Duration ttl();

    /** The console's public address; an invitation link is {@code <console-url>/invite#<token>}. */
    @WithDefault("http://localhost:8080")
    String consoleUrl();

    /**
     * Send each invitation by email through the {@code quarkus.mailer.*} SMTP settings. Off, the
     * console shows the link for the admin to pass on.
     */
    @WithDefault("false")
    boolean email();
  }

  /** Platform token issuing. */
  interface Platform {
    /** The {@code iss} of every platform token; {@code jwks_uri} defaults to it. */
    String issuer();

    /** Lifetime of console and API access tokens. */
    @WithDefault("15m")
    Duration tokenTtl();

    /** JWK Set URL announced to brokers; defaults to {@code <issuer>/.well-known/jwks.json}. */
    Optional<String> jwksUri();
  }

  /** The broker-facing internal API. */
  interface Internal {
    /**
     * Shared bearer token brokers present on {@code /internal/v1}; required outside dev mode (dev
     * mode generates one into {@code <data-dir>/internal-token}).
     */
    Optional<String> token();
  }

  /** Public MQTT endpoints shown to organizations. */
  interface Endpoints {
    /** MQTT over TLS URL. */
    @WithDefault("mqtts://localhost:8883")
    String mqtts();

    /** MQTT over secure WebSocket URL. */
    @WithDefault("wss://localhost:8443/mqtt")
    String wss();
  }

  /** Per-organization quotas: defaults for new organizations and the ceiling an admin may set. */
  interface Quotas {
    /** Defaults for new organizations. */
    QuotaValues defaults();

    /** Highest values an organization admin may set. */
    QuotaValues ceiling();
  }

  /** One set of quota values. */
  interface QuotaValues {
    /** Concurrent MQTT connections. */
    int maxConnections();

    /** Inbound PUBLISH packets per second across the organization. */
    int maxMessagesPerSecond();

    /** Active subscriptions across the organization. */
    int maxSubscriptions();
  }

  /** Service-account credentials. */
  interface ServiceAccounts {
    /** Lifetime of a credential when the request names none. */
    @WithDefault("1h")
    Duration defaultCredentialTtl();

    /** Longest credential lifetime outside dev mode (at most 24h). */
    @WithDefault("24h")
    Duration maxCredentialTtl();
  }

  /** Audit retention. */
  interface Audit {
    /**
     * Retention (days) of new organizations, and of events whose organization the pipeline does not
     * find in {@code /internal/v1/audit/retention}.
     */
    @WithDefault("30")
    @Min(1)
    @Max(3650)
    int defaultRetentionDays();

    /** Longest retention (days) an organization admin may set; at most 3650. */
    @WithDefault("3650")
    @Min(1)
    @Max(3650)
    int maxRetentionDays();
  }

  /** Development-only settings. */
  interface Dev {
    /** Seed the demo organization on start (dev mode only). */
    @WithDefault("false")
    boolean seedDemo();

    /** Lifetime of the demo service-account credential written to demo.env. */
    @WithDefault("7d")
    Duration demoCredentialTtl();

    /** Longest service-account credential lifetime in dev mode. */
    @WithDefault("30d")
    Duration maxCredentialTtl();

    /**
     * The broker's development CA, which clients trust, written into demo.env; defaults to {@code
     * <data-dir>/certs/ca.pem}, where the broker keeps it.
     */
    Optional<Path> demoCa();
  }
}
