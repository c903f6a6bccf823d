package io.aviary.node.it.clients;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

/**
 * One MQTT client library driven by a test: one client id, connected at most once at a time. Every
 * blocking call waits at most {@link #TIMEOUT} and throws if the client library reports a failure.
 * Messages the client receives, from any subscription and from a resumed session, land in {@link
 * #received()} in arrival order.
 */
interface ClientDriver extends AutoCloseable {
  /** The longest any single operation may take before the test fails. */
  Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * How long to wait for CONNACK where the client library lets us choose: loopback answers in
   * milliseconds, and a listener that never answers should not cost a full {@link #TIMEOUT}.
   */
  Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** A will message, published by the broker if the connection ends without DISCONNECT. */
  record Will(String topic, String payload, int qos, boolean retain) {}

  /**
   * What to connect with.
   *
   * @param cleanStart MQTT 5 Clean Start, MQTT 3.1.1 Clean Session
   * @param sessionExpirySeconds MQTT 5 Session Expiry Interval (ignored by MQTT 3.1.1 clients)
   * @param will the will, or null
   * @param droppable whether the test may call {@link ClientDriver#drop()}: in-process Java clients
   *     then connect through a {@link TcpRelay} that can cut the connection under them
   */
  record ConnectOptions(
      boolean cleanStart, long sessionExpirySeconds, Will will, boolean droppable) {
    /** Clean session, no will. */
    static ConnectOptions clean() {
      return new ConnectOptions(true, 0, null, false);
    }

    /** A session kept by the broker after disconnecting (MQTT 5: for {@code expiry} seconds). */
    static ConnectOptions persistent(long expirySeconds) {
      return new ConnectOptions(false, expirySeconds, null, false);
    }

    ConnectOptions withWill(Will w) {
      return new ConnectOptions(cleanStart, sessionExpirySeconds, w, droppable);
    }

    /** The same options, connected so that {@link ClientDriver#drop()} can cut the connection. */
    ConnectOptions asDroppable() {
      return new ConnectOptions(cleanStart, sessionExpirySeconds, will, true);
    }
  }

  /**
   * A received PUBLISH.
   *
   * @param duplicate the DUP flag, where the client library exposes it
   */
  record Received(
      String topic, String payload, int qos, boolean retain, Optional<Boolean> duplicate) {}

  String clientId();

  /**
   * Connects (or reconnects, with the same client id).
   *
   * @return the CONNACK Session Present flag, where the client library exposes it
   */
  Optional<Boolean> connect(ConnectOptions options) throws Exception;

  /** Subscribes and waits for SUBACK; fails unless exactly {@code qos} was granted. */
  void subscribe(String filter, int qos) throws Exception;

  /** Publishes and waits until the QoS flow is complete (QoS 0: written). */
  void publish(String topic, String payload, int qos, boolean retain) throws Exception;

  /** Messages received so far, oldest first. */
  BlockingQueue<Received> received();

  /** Sends DISCONNECT (normal disconnection) and waits for the connection to close. */
  void disconnect() throws Exception;

  /** Ends the connection abruptly, without DISCONNECT, so that the broker publishes the will. */
  void drop() throws Exception;

  /** Releases everything (connection, relay, process); best effort, never throws. */
  @Override
  void close();
}
