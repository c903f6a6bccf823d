package io.aviary.node.connection;

import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.impl.MqttEndpointImpl;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reaches the socket under a vertx-mqtt endpoint. The endpoint API covers the MQTT lifecycle but
 * hides the channel, which the broker needs for three things vertx-mqtt does not offer: a handler
 * that sees every decoded packet (second CONNECT, AUTH, keep-alive activity), write-queue
 * backpressure, and writing PUBLISH packets without copying the payload. One field, read once per
 * connection; a test pins it to the vertx-mqtt version in use (docs/adr/0001).
 */
final class ChannelAccess {
  private static final VarHandle CONN;

  static {
    try {
      CONN =
          MethodHandles.privateLookupIn(MqttEndpointImpl.class, MethodHandles.lookup())
              .findVarHandle(MqttEndpointImpl.class, "conn", NetSocketInternal.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ChannelAccess() {}

  static NetSocketInternal socket(MqttEndpoint endpoint) {
    return (NetSocketInternal) CONN.get((MqttEndpointImpl) endpoint);
  }
}
