package io.aviary.node.it.clients;

import java.util.Locale;

/** How a client reaches the broker: which %test listener it connects to. */
enum Transport {
  /** Plain MQTT over TCP: the dev-mode {@code mqtt} listener. */
  TCP("mqtt"),
  /** MQTT over TLS presenting a client certificate signed by the dev CA: {@code mqtts}. */
  TLS("mqtts"),
  /** MQTT over secure WebSocket on path /mqtt, trusting the dev CA: {@code wss}. */
  WSS("wss");

  /** The listener's name in {@code Listeners} and in the configuration. */
  final String listener;

  Transport(String listener) {
    this.listener = listener;
  }

  boolean tls() {
    return this != TCP;
  }

  @Override
  public String toString() {
    return listener.toLowerCase(Locale.ROOT);
  }
}
