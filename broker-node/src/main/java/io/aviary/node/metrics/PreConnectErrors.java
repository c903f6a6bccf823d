package io.aviary.node.metrics;

import io.quarkus.logging.LoggingFilter;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Turns vertx-mqtt's report of a packet sent before CONNECT, which it raises as an uncaught
 * exception (an ERROR line with a stack trace per connection, so any client could flood the log),
 * into a count: {@code aviary_protocol_errors_total{reason="packet_before_connect"}}. The broker
 * never sees such connections itself (docs/adr/0001); every other record passes unchanged.
 */
@LoggingFilter(name = "aviary-pre-connect-errors")
public final class PreConnectErrors implements Filter {
  static final String VERTX_MQTT_MESSAGE = "Received an MQTT packet from a not connected client";
  static final LongAdder COUNT = new LongAdder();

  @Override
  public boolean isLoggable(LogRecord record) {
    Throwable thrown = record.getThrown();
    if (thrown instanceof IllegalStateException
        && thrown.getMessage() != null
        && thrown.getMessage().startsWith(VERTX_MQTT_MESSAGE)) {
      COUNT.increment();
      return false;
    }
    return true;
  }
}
