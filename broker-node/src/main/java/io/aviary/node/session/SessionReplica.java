package io.aviary.node.session;

import io.aviary.broker.session.Delivery;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: where a clustered node keeps a copy of its persistent sessions, so that another node can
 * serve them when this one is lost. A session's copy is its saved state (subscriptions, expiry) and
 * one entry per QoS 1/2 message the client has not received, written before the publisher hears
 * PUBACK or PUBREC and removed once the client has the message.
 *
 * <p>Each {@link Session} object writes its entries under its own incarnation, so that a session
 * opened again on the same or another node never mistakes an older copy's entries for its own.
 * State writes, discards and {@link #keepOnly} of one session key are applied in the order this
 * node makes them, each after the one before completed.
 */
public interface SessionReplica {

  /** The Session Expiry Interval that means the session never expires [MQTT-3.1.2-11]. */
  long NEVER_EXPIRES = 0xFFFF_FFFFL;

  /** What is saved of a session besides its messages. */
  record Saved(
      String incarnation,
      long expirySeconds,
      long detachedAtMillis,
      List<Handover.Subscription> subscriptions) {

    /** Whether the session has outlived its expiry interval since its client left. */
    public boolean expired(long nowMillis) {
      return detachedAtMillis != 0
          && expirySeconds != NEVER_EXPIRES
          && nowMillis - detachedAtMillis >= expirySeconds * 1000;
    }
  }

  /** A session as its copy keeps it: its state and the deliveries its client has not received. */
  record Copy(Saved saved, List<Delivery> pending) {
    public Handover handover() {
      return new Handover(saved.subscriptions(), pending);
    }
  }

  /** A new incarnation id, unique in the cluster. */
  String newIncarnation();

  /** A key, unique in the cluster, for a message entry of {@code incarnation}'s {@code session}. */
  String messageKey(String session, String incarnation);

  /** Writes a message entry; completes once the cluster holds it with its backup. */
  CompletionStage<Void> putMessage(String key, Delivery delivery);

  /** Removes a message entry the client has received. */
  void removeMessage(String key);

  /** Saves the session's state; completes once the cluster holds it with its backup. */
  CompletionStage<Void> putState(String session, Saved state);

  /**
   * The session ended for good: removes its state and every message entry. Completes once done, so
   * that a node opening the session afresh does not see its new entries removed.
   */
  CompletionStage<Void> discard(String session);

  /** Removes the session's message entries of every incarnation but {@code incarnation}. */
  CompletionStage<Void> keepOnly(String session, String incarnation);
}
