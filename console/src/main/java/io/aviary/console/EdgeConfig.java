package io.aviary.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The console's settings: where each API lives, the session cookie's key, what to tell agents. */
@ConfigMapping(prefix = "aviary.console")
public interface EdgeConfig {

  /** tenant-api: sign-up, tokens, members, keys, IdPs, CA; every /api/v1 path not routed below. */
  @WithName("tenant-api-url")
  URI tenantApiUrl();

  /** acl-service: {@code /api/v1/orgs/{org}/acl/**} and {@code /api/v1/acl/**}. */
  @WithName("acl-service-url")
  URI aclServiceUrl();

  /** audit-pipeline: {@code /api/v1/orgs/{org}/audit/**}. */
  @WithName("audit-pipeline-url")
  URI auditPipelineUrl();

  /** broker-node's HTTP port: {@code /api/v1/orgs/{org}/sessions/**}. */
  @WithName("broker-url")
  URI brokerUrl();

  /**
   * The key sealing session cookies: 32 random bytes, base64url. Every console replica needs the
   * same one; changing it ends every browser session.
   */
  @WithName("session-key")
  String sessionKey();

  /** How long a browser session lasts at most, whatever the access token says. */
  @WithName("session-max-age")
  Duration sessionMaxAge();

  /** What the getting-started page tells agents. */
  Mqtt mqtt();

  /** Where agents connect. */
  interface Mqtt {
    /** The MQTT over TLS endpoint, e.g. {@code mqtts://mqtt.example.com:8883}. */
    @WithName("tls-url")
    String tlsUrl();

    /** The MQTT over secure WebSocket endpoint, e.g. {@code wss://mqtt.example.com/mqtt}. */
    @WithName("wss-url")
    String wssUrl();

    /** The CA certificate (PEM) agents must trust, when it is not a public one. */
    @WithName("ca-file")
    Optional<Path> caFile();
  }
}
