package io.aviary.node.listener;

import io.aviary.pki.DevPki;
import java.util.Map;

/** The dev-mode start message: where to connect and a copy-paste mosquitto pair. */
final class DevBanner {
  private DevBanner() {}

  static String text(Map<String, Integer> ports, String plainHost, DevPki pki, boolean anonymous) {
    StringBuilder b = new StringBuilder("\n\nAviary broker is running in development mode.\n");
    if (ports.containsKey("mqtts")) {
      b.append("  MQTT over TLS        mqtts://localhost:").append(ports.get("mqtts")).append('\n');
    }
    if (ports.containsKey("wss")) {
      b.append("  MQTT over WSS        wss://localhost:")
          .append(ports.get("wss"))
          .append("/mqtt\n");
    }
    if (ports.containsKey("mqtt")) {
      b.append("  plain MQTT (dev)     mqtt://")
          .append(plainHost)
          .append(':')
          .append(ports.get("mqtt"))
          .append('\n');
    }
    if (ports.containsKey("ws")) {
      b.append("  MQTT over WebSocket  ws://localhost:").append(ports.get("ws")).append("/mqtt\n");
    }
    String ca = pki.caCertificate().toString();
    b.append("  development CA       ").append(ca).append("\n\n");
    if (!anonymous) {
      b.append("Clients connect as <name>@<org_id> with a credential of that organization.\n");
      return b.toString();
    }
    b.append("Clients without credentials join the test organization. Try, in two terminals:\n");
    if (ports.containsKey("mqtts")) {
      int port = ports.get("mqtts");
      b.append("  mosquitto_sub -h localhost -p ")
          .append(port)
          .append(" --cafile ")
          .append(ca)
          .append(" -t 'demo/#' -v\n");
      b.append("  mosquitto_pub -h localhost -p ")
          .append(port)
          .append(" --cafile ")
          .append(ca)
          .append(" -t demo/hello -m 'hello from Aviary'\n");
    }
    return b.toString();
  }
}
