package io.aviary.broker.session;

/** An outbound QoS 1 or 2 delivery that holds a packet id until the client acknowledges it. */
public final class InFlight {
  /** Where the QoS handshake stands. */
  public enum State {
    /** PUBLISH sent, waiting for PUBACK (QoS 1) or PUBREC (QoS 2). */
    AWAITING_ACK,
    /** PUBREC received and PUBREL sent, waiting for PUBCOMP (QoS 2). */
    AWAITING_COMPLETE
  }

  private final int packetId;
  private final Delivery delivery;
  private State state = State.AWAITING_ACK;

  InFlight(int packetId, Delivery delivery) {
    this.packetId = packetId;
    this.delivery = delivery;
  }

  public int packetId() {
    return packetId;
  }

  public Delivery delivery() {
    return delivery;
  }

  public State state() {
    return state;
  }

  void state(State value) {
    state = value;
  }
}
