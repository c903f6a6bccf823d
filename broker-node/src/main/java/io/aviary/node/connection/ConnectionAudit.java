package io.aviary.node.connection;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.audit.event.AuditRecord.LimitExceeded;
import io.aviary.audit.event.EventIds;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.audit.PublishRecording;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.util.EnumMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The audit events of one connection, built from what the connection knows and emitted through the
 * node's sink. Topics are as the client sees them (the organization's namespace is structural, not
 * a prefix); payloads, passwords and tokens are never part of an event. Runs on the connection's
 * event loop.
 */
final class ConnectionAudit {
  /** At most one {@code limit_exceeded} per limit and connection in this time; the rest counted. */
  private static final long LIMIT_NOTICE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final MqttConnection c;

  /** Per limit hit so far: when it was last reported, and how many hits were not. */
  private EnumMap<LimitExceeded.Limit, long[]> limitNotices;

  private long attachedNanos;

  ConnectionAudit(MqttConnection connection) {
    this.c = connection;
  }

  /** The session started: who, from where, over what, with which identity provider. */
  void connected(boolean sessionPresent) {
    attachedNanos = System.nanoTime();
    SocketAddress remote = c.socket.remoteAddress();
    emit(
        new ClientConnected(
            EventIds.next(),
            c.org().value(),
            c.broker.nodeId(),
            Instant.now(),
            c.endpoint.clientIdentifier(),
            c.identity.principal(),
            originIp(),
            remote == null ? 0 : Math.max(remote.port(), 0),
            c.listener,
            c.transport(),
            c.mqttVersion(),
            c.tlsVersion(),
            c.tlsCipher(),
            c.identity.credential(),
            c.identity.bindings(),
            sessionPresent,
            c.endpoint.isCleanSession()));
  }

  /** A CONNECT or re-authentication was refused; the org is null when none could be named. */
  void authenticationFailed(String org, AuthFailure reason) {
    String username = c.endpoint.auth() == null ? null : c.endpoint.auth().getUsername();
    emit(
        new AuditRecord.AuthenticationFailed(
            EventIds.next(),
            org,
            c.broker.nodeId(),
            Instant.now(),
            c.endpoint.clientIdentifier() == null ? "" : c.endpoint.clientIdentifier(),
            username,
            originIp(),
            c.listener,
            reason));
  }

  /** A verdict that is always recorded: every denial, and allowed subscriptions. */
  void aclDecided(AclDecided.Action action, String topic, int qos, boolean retain, Decision d) {
    emit(verdict(EventIds.next(), action, topic, qos, retain, d, false));
  }

  /** An allowed publish, recorded as the organization's setting says: all, sampled or none. */
  void publishAllowed(String topic, int qos, boolean retain, Decision d) {
    PublishRecording recording = c.tenant.publishRecording();
    if (recording.recordsNext()) {
      emit(
          verdict(
              EventIds.next(),
              AclDecided.Action.PUBLISH,
              topic,
              qos,
              retain,
              d,
              recording.sampled()));
    }
  }

  private AclDecided verdict(
      UUID id,
      AclDecided.Action action,
      String topic,
      int qos,
      boolean retain,
      Decision d,
      boolean sampled) {
    return new AclDecided(
        id,
        c.org().value(),
        c.broker.nodeId(),
        Instant.now(),
        c.endpoint.clientIdentifier(),
        c.identity.principal(),
        action,
        topic,
        qos,
        retain,
        d.allowed() ? AclDecided.Verdict.ALLOW : AclDecided.Verdict.DENY,
        d.ruleLabel(),
        d.reason(),
        c.aclPolicy.version(),
        sampled);
  }

  void subscribed(SubscriptionFilter filter, int grantedQos) {
    emit(
        new AuditRecord.Subscribed(
            EventIds.next(),
            c.org().value(),
            c.broker.nodeId(),
            Instant.now(),
            c.endpoint.clientIdentifier(),
            c.identity.principal(),
            filter.filter().value(),
            grantedQos,
            filter.shareGroup()));
  }

  void unsubscribed(SubscriptionFilter filter) {
    emit(
        new AuditRecord.Unsubscribed(
            EventIds.next(),
            c.org().value(),
            c.broker.nodeId(),
            Instant.now(),
            c.endpoint.clientIdentifier(),
            c.identity.principal(),
            filter.filter().value(),
            filter.shareGroup()));
  }

  /** The session's connection ended, {@code kind} and why, after how long. */
  void disconnected(ClientDisconnected.Kind kind, String reason) {
    emit(
        new ClientDisconnected(
            EventIds.next(),
            c.org().value(),
            c.broker.nodeId(),
            Instant.now(),
            c.endpoint.clientIdentifier(),
            kind,
            reason == null || reason.isEmpty() ? kind.code() : reason,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attachedNanos)));
  }

  /**
   * A bound refused or dropped something of this connection. A client that keeps hitting a bound
   * gets one event per limit every ten seconds, saying how many were not reported in between.
   */
  void limitExceeded(LimitExceeded.Limit limit, String detail) {
    if (limitNotices == null) {
      limitNotices = new EnumMap<>(LimitExceeded.Limit.class);
    }
    long[] notice = limitNotices.computeIfAbsent(limit, l -> new long[2]);
    long now = System.nanoTime();
    if (notice[0] != 0 && now - notice[0] < LIMIT_NOTICE_NANOS) {
      notice[1]++;
      return;
    }
    long suppressed = notice[1];
    notice[0] = now == 0 ? 1 : now;
    notice[1] = 0;
    emit(
        new LimitExceeded(
            EventIds.next(),
            c.org().value(),
            c.broker.nodeId(),
            Instant.now(),
            c.endpoint.clientIdentifier(),
            limit,
            suppressed == 0
                ? detail
                : detail + " (" + suppressed + " more since the last report)"));
  }

  private void emit(AuditRecord record) {
    c.broker.audit().emit(record);
  }

  private String originIp() {
    return c.originIp();
  }
}
