package io.aviary.node.it.clients;

import io.aviary.node.it.TestBroker;
import io.aviary.pki.SslContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where and how the drivers reach the in-process broker: its loopback address, the port of each
 * listener, the dev CA to trust and one client certificate (issued by the dev CA) for mTLS. Every
 * client verifies the server certificate, whose subjectAltNames include 127.0.0.1.
 */
final class BrokerEndpoint {
  static final String HOST = "127.0.0.1";
  static final String WEBSOCKET_PATH = "/mqtt";

  private final Map<Transport, Integer> ports;
  private final Path caFile;
  private final Path clientCertificate;
  private final Path clientKey;
  private final KeyManagerFactory keyManagers;
  private final TrustManagerFactory trustManagers;
  private final SSLContext sslContext;

  /**
   * @param ports the port of each listener
   * @param caFile the CA (PEM) that signs the server certificate and the client certificate
   * @param clientCertificate the client certificate chain (PEM)
   * @param clientKey the client certificate's private key (PEM)
   */
  BrokerEndpoint(
      Map<Transport, Integer> ports, Path caFile, Path clientCertificate, Path clientKey) {
    this.ports = Map.copyOf(ports);
    this.caFile = caFile;
    this.clientCertificate = clientCertificate;
    this.clientKey = clientKey;
    try {
      this.keyManagers = SslContexts.keyManagerFactory(clientCertificate, clientKey);
      this.trustManagers = SslContexts.trustManagerFactory(caFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.sslContext = SslContexts.sslContext(keyManagers, trustManagers);
  }

  /** The in-process test broker, with a client certificate freshly issued by its dev CA. */
  static BrokerEndpoint of(TestBroker broker) {
    TestBroker.ClientCertificate client = broker.clientCertificate("aviary-compat-client");
    return new BrokerEndpoint(
        Map.of(
            Transport.TCP, broker.mqttPort(),
            Transport.TLS, broker.mqttsPort(),
            Transport.WSS, broker.wssPort()),
        broker.caFile(),
        client.certificate(),
        client.privateKey());
  }

  int port(Transport transport) {
    return ports.get(transport);
  }

  /** The dev CA certificate (PEM) that signs the server certificate. */
  Path caFile() {
    return caFile;
  }

  /** The client certificate chain (PEM), signed by the dev CA. */
  Path clientCertificate() {
    return clientCertificate;
  }

  /** The client certificate's PKCS#8 private key (PEM). */
  Path clientKey() {
    return clientKey;
  }

  /** Presents the client certificate and trusts exactly the dev CA. */
  KeyManagerFactory keyManagers() {
    return keyManagers;
  }

  TrustManagerFactory trustManagers() {
    return trustManagers;
  }

  /** A TLS context presenting the client certificate (if asked) and trusting only the dev CA. */
  SSLContext sslContext() {
    return sslContext;
  }
}
