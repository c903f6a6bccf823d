package io.aviary.loadgen;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts connections dropped after they were established and not by the load generator itself
 * (connect failures are reported by {@link Connector}, not here).
 */
final class ConnectionTracker {

  private final ErrorLog errors;
  private final Set<String> up = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean stopping;

  ConnectionTracker(ErrorLog errors) {
    this.errors = errors;
  }

  MqttClientConnectedListener connectedListener() {
    return context -> up.add(id(context.getClientConfig()));
  }

  MqttClientDisconnectedListener disconnectedListener() {
    return context -> {
      String id = id(context.getClientConfig());
      if (up.remove(id) && !stopping && context.getSource() != MqttDisconnectSource.USER) {
        dropped.incrementAndGet();
        errors.record(
            "client " + id + " dropped (" + context.getSource() + ")", context.getCause());
      }
    };
  }

  /** From now on disconnections are expected (the run is ending). */
  void stopping() {
    stopping = true;
  }

  /** Connections dropped so far. */
  long dropped() {
    return dropped.get();
  }

  private static String id(MqttClientConfig config) {
    return config.getClientIdentifier().map(Object::toString).orElse("?");
  }
}
