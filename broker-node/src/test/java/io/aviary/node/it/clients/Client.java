package io.aviary.node.it.clients;

import java.util.EnumSet;
import java.util.Set;

/** The client libraries of the compatibility matrix, each with the transports it is run on. */
enum Client {
  PAHO_V3("paho-v3", true, true) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId) {
      return new PahoV3Driver(endpoint, transport, clientId);
    }
  },
  PAHO_V5("paho-v5", true, false) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId) {
      return new PahoV5Driver(endpoint, transport, clientId);
    }
  },
  HIVEMQ_V3("hivemq-v3", true, false) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId) {
      return new HiveMqV3Driver(endpoint, transport, clientId);
    }
  },
  HIVEMQ_V5("hivemq-v5", true, false) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId) {
      return new HiveMqV5Driver(endpoint, transport, clientId);
    }
  },
  MOSQUITTO_V311("mosquitto-v311", false, true) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId) {
      return new MosquittoDriver(endpoint, transport, clientId, false);
    }
  },
  MOSQUITTO_V5("mosquitto-v5", false, true) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId) {
      return new MosquittoDriver(endpoint, transport, clientId, true);
    }
  },
  MQTTJS_V311("mqttjs-v311", true, true) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId)
        throws Exception {
      return new MqttJsDriver(endpoint, transport, clientId, false);
    }
  },
  MQTTJS_V5("mqttjs-v5", true, true) {
    @Override
    ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId)
        throws Exception {
      return new MqttJsDriver(endpoint, transport, clientId, true);
    }
  };

  private final String label;
  private final boolean webSocket;
  private final boolean showsDup;

  Client(String label, boolean webSocket, boolean showsDup) {
    this.label = label;
    this.webSocket = webSocket;
    this.showsDup = showsDup;
  }

  abstract ClientDriver create(BrokerEndpoint endpoint, Transport transport, String clientId)
      throws Exception;

  /** The transports this client runs on in the matrix: all but WebSocket for mosquitto. */
  Set<Transport> transports() {
    return webSocket ? EnumSet.allOf(Transport.class) : EnumSet.of(Transport.TCP, Transport.TLS);
  }

  /**
   * Whether the client shows the DUP flag of messages it receives: HiveMQ's API has none, and Paho
   * v5 1.2.5 never copies it from the packet to the MqttMessage.
   */
  boolean showsDup() {
    return showsDup;
  }

  @Override
  public String toString() {
    return label;
  }
}
