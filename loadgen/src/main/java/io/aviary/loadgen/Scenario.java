package io.aviary.loadgen;

import java.util.Locale;

/** The load shapes the generator can drive. */
public enum Scenario {
  /** N publishers, each on its own topic, one subscriber on a wildcard filter. */
  FANIN(true),
  /** One publisher, N subscribers on the same topic. */
  FANOUT(true),
  /** N independent publisher/subscriber pairs, each pair on its own topic. */
  PAIRS(true),
  /** Connection storm: N connects with bounded concurrency, then disconnect. */
  STORM(false),
  /** N connections held open for the duration with keep-alive. */
  IDLE(false);

  private final boolean messaging;

  Scenario(boolean messaging) {
    this.messaging = messaging;
  }

  /** Whether the scenario publishes messages (and so measures loss and latency). */
  public boolean isMessaging() {
    return messaging;
  }

  /** The lower-case name used on the command line and in the output. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
