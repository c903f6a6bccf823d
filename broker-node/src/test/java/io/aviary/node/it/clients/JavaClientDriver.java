package io.aviary.node.it.clients;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the Java client drivers share: the client id, the queue of received messages, and the {@link
 * TcpRelay} through which a test can drop the connection without DISCONNECT.
 */
abstract class JavaClientDriver implements ClientDriver {
  protected final BrokerEndpoint endpoint;
  protected final Transport transport;
  protected final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final String clientId;
  private TcpRelay relay;

  JavaClientDriver(BrokerEndpoint endpoint, Transport transport, String clientId) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.clientId = clientId;
  }

  @Override
  public final String clientId() {
    return clientId;
  }

  @Override
  public final BlockingQueue<Received> received() {
    return received;
  }

  /** The port to connect to: the listener's, or a fresh relay in front of it if droppable. */
  protected final int connectPort(ConnectOptions options) throws IOException {
    int port = endpoint.port(transport);
    if (options.droppable()) {
      closeRelay();
      relay = new TcpRelay(BrokerEndpoint.HOST, port);
      port = relay.port();
    }
    return port;
  }

  /** Cuts the relay: the broker sees the connection vanish without DISCONNECT. */
  protected final void cutRelay() {
    if (relay == null) {
      throw new IllegalStateException("connect with ConnectOptions.asDroppable() to drop");
    }
    relay.cut();
  }

  protected final void closeRelay() {
    if (relay != null) {
      relay.close();
      relay = null;
    }
  }
}
