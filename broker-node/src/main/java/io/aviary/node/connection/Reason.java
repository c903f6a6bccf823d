package io.aviary.node.connection;

import java.util.Locale;

/**
 * The reasons the broker ends a connection, each with its MQTT 5 reason code [MQTT-2.4]; MQTT 3.1.1
 * clients just see the connection close.
 */
enum Reason {
  MALFORMED_PACKET(0x81),
  PROTOCOL_ERROR(0x82),
  NOT_AUTHORIZED(0x87),
  SERVER_SHUTTING_DOWN(0x8B),
  KEEP_ALIVE_TIMEOUT(0x8D),
  SESSION_TAKEN_OVER(0x8E),
  TOPIC_NAME_INVALID(0x90),
  RECEIVE_MAXIMUM_EXCEEDED(0x93),
  TOPIC_ALIAS_INVALID(0x94),
  PACKET_TOO_LARGE(0x95),
  ADMINISTRATIVE_ACTION(0x98),
  MAXIMUM_CONNECT_TIME(0xA0);

  final int code;

  Reason(int code) {
    this.code = code;
  }

  /** The metric tag and audit reason, e.g. {@code malformed_packet}. */
  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
