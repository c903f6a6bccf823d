package io.aviary.node.session;

import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.InFlight;

/** What a session needs from the live connection it is attached to. Called on the owner loop. */
public interface ClientLink {
  /** Sends a QoS 1/2 PUBLISH (or a PUBREL if the handshake is at that stage). */
  void send(InFlight inFlight, boolean redelivery);

  /** Sends a QoS 0 PUBLISH, or drops it if the connection is congested. */
  void sendAtMostOnce(Delivery delivery);

  /** Another connection took over the client id: end this one with reason 0x8E. */
  void takenOver();
}
