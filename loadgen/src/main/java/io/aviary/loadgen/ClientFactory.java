package io.aviary.loadgen;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/** Builds {@link BenchClient}s from a {@link LoadGenConfig}; all share the same event loops. */
final class ClientFactory {

  private final LoadGenConfig config;
  private final MqttClientTransportConfig transport;
  private final MqttClientTransportConfig subscriberTransport;

  ClientFactory(LoadGenConfig config) throws IOException, GeneralSecurityException {
    this.config = config;
    this.transport = transport(config, config.port());
    this.subscriberTransport =
        config.subscriberPort() == config.port()
            ? transport
            : transport(config, config.subscriberPort());
  }

  private static MqttClientTransportConfig transport(LoadGenConfig config, int port)
      throws IOException, GeneralSecurityException {
    // One immutable transport configuration (address, timeouts, TLS) shared by all clients. TLS
    // is set on this builder, not on the client builder: in HiveMQ client 1.4.2 the client
    // builder's sslConfig(...) is ignored once a transport config has been set.
    MqttClientTransportConfigBuilder builder =
        MqttClientTransportConfig.builder()
            .serverHost(config.host())
            .serverPort(port)
            .socketConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .mqttConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (config.tls()) {
      if (config.caFile() == null && config.certFile() == null) {
        builder = builder.sslWithDefaultConfig();
      } else {
        var ssl = builder.sslConfig();
        if (config.caFile() != null) {
          ssl = ssl.trustManagerFactory(trustManagers(config.caFile()));
        }
        if (config.certFile() != null) {
          ssl =
              ssl.keyManagerFactory(
                  ClientCertificate.load(config.certFile(), config.keyFile()).keyManagers());
        }
        builder = ssl.applySslConfig();
      }
    }
    return builder.build();
  }

  /** A trust manager factory trusting exactly the certificates of a PEM file. */
  static TrustManagerFactory trustManagers(Path pemFile)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pemFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + pemFile);
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  /**
   * Builds a client (not connected).
   *
   * @param id the MQTT client identifier
   * @param tracker notified of connections and disconnections (may be {@code null})
   */
  BenchClient create(String id, ConnectionTracker tracker) {
    return create(id, tracker, transport, 0);
  }

  /** Builds a subscriber (not connected), on {@code --subscriber-port}. */
  BenchClient createSubscriber(String id, ConnectionTracker tracker) {
    return create(id, tracker, subscriberTransport, config.sessionExpiry());
  }

  private BenchClient create(
      String id,
      ConnectionTracker tracker,
      MqttClientTransportConfig transport,
      long sessionExpiry) {
    MqttClientBuilder builder = MqttClient.builder().identifier(id).transportConfig(transport);
    if (config.threads() > 0) {
      builder = builder.executorConfig().nettyThreads(config.threads()).applyExecutorConfig();
    }
    if (tracker != null) {
      builder =
          builder
              .addConnectedListener(tracker.connectedListener())
              .addDisconnectedListener(tracker.disconnectedListener());
    }
    if (config.mqttVersion() == 3) {
      var mqtt3 = builder.useMqttVersion3();
      if (config.username() != null) {
        var auth = mqtt3.simpleAuth().username(config.username());
        if (config.password() != null) {
          auth = auth.password(config.password().getBytes(StandardCharsets.UTF_8));
        }
        mqtt3 = auth.applySimpleAuth();
      }
      return new Mqtt3BenchClient(mqtt3.buildAsync(), id, sessionExpiry > 0);
    }
    var mqtt5 = builder.useMqttVersion5();
    if (config.username() != null) {
      var auth = mqtt5.simpleAuth().username(config.username());
      if (config.password() != null) {
        auth = auth.password(config.password().getBytes(StandardCharsets.UTF_8));
      }
      mqtt5 = auth.applySimpleAuth();
    }
    return new Mqtt5BenchClient(mqtt5.buildAsync(), id, sessionExpiry);
  }
}
