package io.aviary.node.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * MQTT.js (npm {@code mqtt}) in Node.js, MQTT 3.1.1 or 5.0: mqtt://, mqtts:// and wss:// URLs.
 * {@link #drop} destroys the client's stream, which closes the socket without DISCONNECT.
 */
final class MqttJsDriver implements ClientDriver {
  private final BrokerEndpoint endpoint;
  private final Transport transport;
  private final String clientId;
  private final boolean v5;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final MqttJsHost host;
  private final String handle;

  MqttJsDriver(BrokerEndpoint endpoint, Transport transport, String clientId, boolean v5)
      throws Exception {
    this.endpoint = endpoint;
    this.transport = transport;
    this.clientId = clientId;
    this.v5 = v5;
    this.host = MqttJsHost.get();
    this.handle = host.register(received);
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<Boolean> connect(ConnectOptions options) throws Exception {
    String url =
        switch (transport) {
              case TCP -> "mqtt://";
              case TLS -> "mqtts://";
              case WSS -> "wss://";
            }
            + BrokerEndpoint.HOST
            + ":"
            + endpoint.port(transport)
            + (transport == Transport.WSS ? BrokerEndpoint.WEBSOCKET_PATH : "");
    JsonObject command =
        command("connect")
            .put("url", url)
            .put("clientId", clientId)
            .put("protocolVersion", v5 ? 5 : 4)
            .put("clean", options.cleanStart())
            .put("sessionExpiry", options.sessionExpirySeconds())
            .put("timeoutMillis", CONNECT_TIMEOUT.toMillis());
    if (transport.tls()) {
      command.put("ca", endpoint.caFile().toAbsolutePath().toString());
    }
    if (transport == Transport.TLS) {
      command
          .put("cert", endpoint.clientCertificate().toAbsolutePath().toString())
          .put("key", endpoint.clientKey().toAbsolutePath().toString());
    }
    Will w = options.will();
    if (w != null) {
      command.put(
          "will",
          new JsonObject()
              .put("topic", w.topic())
              .put("payload", base64(w.payload()))
              .put("qos", w.qos())
              .put("retain", w.retain()));
    }
    return Optional.of(host.call(command).getBoolean("sessionPresent"));
  }

  @Override
  public void subscribe(String filter, int qos) throws Exception {
    JsonObject reply = host.call(command("subscribe").put("filter", filter).put("qos", qos));
    int granted = reply.getJsonArray("granted").getInteger(0);
    if (granted != qos) {
      throw new IllegalStateException(
          "SUBACK for " + filter + " at QoS " + qos + " granted " + granted);
    }
  }

  @Override
  public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
    host.call(
        command("publish")
            .put("topic", topic)
            .put("payload", base64(payload))
            .put("qos", qos)
            .put("retain", retain));
  }

  @Override
  public BlockingQueue<Received> received() {
    return received;
  }

  @Override
  public void disconnect() throws Exception {
    host.call(command("disconnect"));
  }

  @Override
  public void drop() throws Exception {
    host.call(command("drop"));
  }

  @Override
  public void close() {
    try {
      host.call(command("close"));
    } catch (Exception e) {
      // best effort
    }
    host.unregister(handle);
  }

  private JsonObject command(String op) {
    return new JsonObject().put("op", op).put("client", handle);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
  }
}
