package io.aviary.loadgen;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The small slice of an asynchronous MQTT client the scenarios need, implemented over the HiveMQ
 * client's MQTT 5 and MQTT 3.1.1 async APIs.
 */
public interface BenchClient {

  /** Receives the messages of a subscription. */
  @FunctionalInterface
  interface MessageHandler {
    /** Called for each message; {@code payload} is read-only and only valid during the call. */
    void onMessage(String topic, ByteBuffer payload);
  }

  /** The MQTT client identifier. */
  String id();

  /** Connects with a clean session; completes on a successful CONNACK. */
  CompletableFuture<?> connect(int keepAliveSeconds);

  /** Subscribes; completes on a successful SUBACK. */
  CompletableFuture<?> subscribe(String filter, int qos, MessageHandler handler);

  /**
   * Publishes; completes when the client is done with the message: written for QoS 0, on PUBACK for
   * QoS 1, on PUBCOMP for QoS 2. Completes exceptionally on an error reason code.
   */
  CompletableFuture<?> publish(String topic, int qos, byte[] payload);

  /** Sends DISCONNECT and closes the connection. */
  CompletableFuture<?> disconnect();

  /** Whether the client is connected right now. */
  boolean isConnected();
}
