package io.aviary.node.listener;

import io.aviary.node.config.BrokerConfig;
import io.aviary.pki.DeferredClientTrust;
import io.aviary.pki.TlsPolicy;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttServerOptions;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the vertx-mqtt server options of a listener. Every option is set explicitly: the
 * vertx-mqtt defaults (8 KB messages, 23-character client ids, 90 s CONNECT timeout) are sized for
 * demos.
 */
final class ListenerOptions {
  /**
   * Certificate files of a TLS listener, resolved from configuration or the dev CA.
   *
   * @param trusted CA files for client certificates, checked in the handshake
   * @param perOrganization client certificates are checked at CONNECT against the CAs of the
   *     client's organization ({@link DeferredClientTrust} in the handshake)
   */
  record TlsFiles(
      Path certificateChain, Path privateKey, List<Path> trusted, boolean perOrganization) {}

  private ListenerOptions() {}

  static MqttServerOptions build(
      BrokerConfig.Listener listener,
      BrokerConfig.Mqtt limits,
      boolean webSocket,
      TlsFiles tls,
      String clientAuth) {
    MqttServerOptions o = new MqttServerOptions();
    o.setHost(listener.host());
    o.setPort(listener.port());
    o.setMaxMessageSize(limits.maxPacketSize());
    // Client ids are checked by the broker so that refusals carry the right CONNACK code.
    o.setMaxClientIdLength(65_535);
    o.setAutoClientId(false);
    o.setTimeoutOnConnect((int) Math.max(1, limits.connectTimeout().toSeconds()));
    o.setAcceptBacklog(4096);
    o.setTcpNoDelay(true);
    o.setUseWebSocket(webSocket);
    if (webSocket) {
      o.setWebSocketMaxFrameSize(limits.maxPacketSize() + 16);
      // No real compression (CPU per message, secrets mixed with attacker data). vertx-mqtt
      // 4.5.27 cannot build its WebSocket pipeline with both extensions off
      // (vert-x3/vertx-mqtt#271),
      // so the legacy deflate-frame extension stays declared at level 0 (stored, not compressed);
      // permessage-deflate, which browsers offer, is refused.
      o.setPerFrameWebSocketCompressionSupported(true);
      o.setWebSocketCompressionLevel(0);
      o.setPerMessageWebSocketCompressionSupported(false);
    }
    if (tls != null) {
      o.setSsl(true);
      o.setKeyCertOptions(
          new PemKeyCertOptions()
              .setCertPath(tls.certificateChain().toString())
              .setKeyPath(tls.privateKey().toString()));
      o.setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsPolicy.PROTOCOLS));
      for (String suite : TlsPolicy.supportedCipherSuites()) {
        o.addEnabledCipherSuite(suite);
      }
      o.setSslHandshakeTimeout(listener.tls().handshakeTimeout().toMillis());
      o.setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
      o.setClientAuth(
          switch (TlsPolicy.ClientAuth.parse(clientAuth)) {
            case NONE -> ClientAuth.NONE;
            case OPTIONAL -> ClientAuth.REQUEST;
            case REQUIRED -> ClientAuth.REQUIRED;
          });
      if (tls.perOrganization()) {
        o.setTrustOptions(TrustOptions.wrap(new DeferredClientTrust()));
      } else if (!tls.trusted().isEmpty()) {
        PemTrustOptions trust = new PemTrustOptions();
        tls.trusted().forEach(p -> trust.addCertPath(p.toString()));
        o.setTrustOptions(trust);
      }
    }
    return o;
  }
}
