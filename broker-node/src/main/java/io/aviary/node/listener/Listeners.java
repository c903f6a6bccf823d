package io.aviary.node.listener;

import io.aviary.node.Broker;
import io.aviary.node.config.BrokerConfig;
import io.aviary.pki.DevCertificateAuthority;
import io.aviary.pki.DevPki;
import io.aviary.pki.TlsPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the MQTT listeners (TCP, TLS, WebSocket, secure WebSocket), each on every event loop, and
 * shuts them down gracefully: stop accepting, DISCONNECT 0x8B to MQTT 5 clients, wait for the
 * connections to close. Production refuses to start a TLS listener without a certificate.
 */
@ApplicationScoped
public class Listeners {
  private static final Logger LOG = Logger.getLogger(Listeners.class);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final BrokerConfig config;
  private final Broker broker;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<String> deployments = new ArrayList<>();
  private DevPki devPki;
  private int randomPortKey;
  private volatile boolean ready;

  public Listeners(Vertx vertx, BrokerConfig config, Broker broker) {
    this.vertx = vertx;
    this.config = config;
    this.broker = broker;
  }

  void start(@Observes StartupEvent event) {
    if (config.devMode()) {
      try {
        devPki = DevCertificateAuthority.ensure(Path.of(config.dataDir(), "certs"), List.of());
        LOG.infof("development PKI in %s: %s", devPki.directory(), devPki.describe());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the development CA", e);
      }
    }
    int loops =
        config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
    start("mqtt", config.mqtt(), false, false, loops);
    start("mqtts", config.mqtts(), true, false, loops);
    start("ws", config.ws(), false, true, loops);
    start("wss", config.wss(), true, true, loops);
    ready = true;
    if (config.devMode()) {
      LOG.info(
          DevBanner.text(
              ports, config.mqtt().host(), devPki, config.tenancy().anonymousOrg().isPresent()));
    }
  }

  private void start(
      String name, BrokerConfig.Listener listener, boolean tls, boolean webSocket, int loops) {
    if (!listener.enabled()) {
      return;
    }
    ListenerOptions.TlsFiles files = tls ? tlsFiles(name, listener) : null;
    MqttServerOptions options =
        ListenerOptions.build(
            listener, config.limits(), webSocket, files, listener.tls().clientAuth());
    // One instance per event loop on one port. Port 0 (tests) becomes a negative port, which
    // Vert.x reads as "one random port shared by every server with this same number".
    if (listener.port() == 0) {
      options.setPort(--randomPortKey);
    }
    List<ListenerVerticle> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
    deployments.add(
        await(
            vertx.deployVerticle(
                () -> {
                  ListenerVerticle v =
                      new ListenerVerticle(name, options, broker.services(), broker.connections());
                  instances.add(v);
                  return v;
                },
                new DeploymentOptions().setInstances(loops))));
    int port = instances.get(0).actualPort();
    ports.put(name, port);
    LOG.infof(
        "%s listener on %s:%d (%d event loops%s)",
        name,
        listener.host(),
        port,
        loops,
        tls ? ", client certificates " + listener.tls().clientAuth() : "");
  }

  private ListenerOptions.TlsFiles tlsFiles(String name, BrokerConfig.Listener listener) {
    BrokerConfig.Tls tls = listener.tls();
    List<Path> trusted = new ArrayList<>();
    tls.trust().ifPresent(list -> list.forEach(p -> trusted.add(Path.of(p))));
    TlsPolicy.ClientAuth clientAuth = TlsPolicy.ClientAuth.parse(tls.clientAuth());
    // With organizations, client certificates are checked at CONNECT against the CAs of the
    // organization the client names; the TLS layer cannot know which CAs those are.
    boolean perOrganization =
        clientAuth != TlsPolicy.ClientAuth.NONE && trusted.isEmpty() && tenancyActive();
    if (tls.cert().isPresent() && tls.key().isPresent()) {
      if (clientAuth != TlsPolicy.ClientAuth.NONE && trusted.isEmpty() && !perOrganization) {
        throw new IllegalStateException(
            "aviary." + name + ".tls.trust must name the CA for client certificates");
      }
      return new ListenerOptions.TlsFiles(
          Path.of(tls.cert().get()), Path.of(tls.key().get()), trusted, perOrganization);
    }
    if (devPki == null) {
      throw new IllegalStateException(
          "aviary."
              + name
              + ".tls.cert and aviary."
              + name
              + ".tls.key must be set: outside dev mode a TLS listener needs a real certificate");
    }
    if (trusted.isEmpty() && !perOrganization) {
      trusted.add(devPki.caCertificate());
    }
    return new ListenerOptions.TlsFiles(
        devPki.serverCertificateChain(), devPki.serverPrivateKey(), trusted, perOrganization);
  }

  private boolean tenancyActive() {
    BrokerConfig.Tenancy tenancy = config.tenancy();
    return tenancy.anonymousOrg().isEmpty()
        && (tenancy.tenantApiUrl().isPresent() || tenancy.orgsDir().isPresent());
  }

  void stop(@Observes ShutdownEvent event) {
    ready = false;
    // Closing a Vert.x server closes its connections at once, so first refuse new CONNECTs, tell
    // the connected clients (DISCONNECT 0x8B) and let them go; then close the servers.
    broker.connections().shutdownAll();
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (broker.connections().size() > 0 && System.nanoTime() < deadline) {
      // Shutdown runs on the main thread, never an event loop: waiting here is allowed.
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (String id : deployments) {
      try {
        await(vertx.undeploy(id));
      } catch (RuntimeException e) {
        LOG.debugf("undeploy %s: %s", id, e.getMessage());
      }
    }
  }

  /** The bound port of listener {@code name} (mqtt, mqtts, ws, wss), or -1 if not started. */
  public int port(String name) {
    return ports.getOrDefault(name, -1);
  }

  public boolean isReady() {
    return ready;
  }

  /** The development PKI, or null outside dev mode. */
  public DevPki devPki() {
    return devPki;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("listener start failed: " + e.getMessage(), e);
    }
  }
}
