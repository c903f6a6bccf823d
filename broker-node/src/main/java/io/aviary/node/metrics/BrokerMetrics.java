package io.aviary.node.metrics;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.audit.AuditShipper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The broker's Prometheus metrics (served at /q/metrics). Counters on the message path are created
 * once and held, so counting costs an atomic add, not a registry lookup.
 */
public final class BrokerMetrics {
  private final MeterRegistry registry;
  private final Counter[] received = new Counter[3];
  private final Counter[] sent = new Counter[3];
  private final Counter bytesReceived;
  private final Counter bytesSent;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Map<String, Counter> protocolErrors = new ConcurrentHashMap<>();
  private final Map<String, Counter> connects = new ConcurrentHashMap<>();
  private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();
  private final Map<String, Counter> publishesRefused = new ConcurrentHashMap<>();
  private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
  private final Map<String, Counter> aclDenials = new ConcurrentHashMap<>();
  private final Map<String, Counter> adminActions = new ConcurrentHashMap<>();
  private final Map<String, Counter> apiRefusals = new ConcurrentHashMap<>();
  private final Counter aclRebinds;

  public BrokerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (int q = 0; q < 3; q++) {
      received[q] =
          Counter.builder("aviary.messages.received")
              .description("PUBLISH packets received from clients")
              .tag("qos", Integer.toString(q))
              .register(registry);
      sent[q] =
          Counter.builder("aviary.messages.sent")
              .description("PUBLISH packets sent to clients")
              .tag("qos", Integer.toString(q))
              .register(registry);
    }
    bytesReceived =
        Counter.builder("aviary.payload.received")
            .description("Payload bytes received in PUBLISH packets")
            .baseUnit("bytes")
            .register(registry);
    bytesSent =
        Counter.builder("aviary.payload.sent")
            .description("Payload bytes sent in PUBLISH packets")
            .baseUnit("bytes")
            .register(registry);
    aclRebinds =
        Counter.builder("aviary.acl.rebinds")
            .description("Live sessions re-bound to a newly activated ACL policy version")
            .register(registry);
    Gauge.builder("aviary.connections", connections, AtomicLong::get)
        .description("Open MQTT connections")
        .register(registry);
    Gauge.builder("aviary.messages.queued", queued, AtomicLong::get)
        .description("QoS 1/2 messages waiting in session queues")
        .register(registry);
    FunctionCounter.builder(
            "aviary.protocol.errors",
            PreConnectErrors.COUNT,
            java.util.concurrent.atomic.LongAdder::sum)
        .description("Connections ended because the client broke the protocol")
        .tag("reason", "packet_before_connect")
        .register(registry);
    Gauge.builder("aviary.messages.inflight", inFlight, AtomicLong::get)
        .description("QoS 1/2 messages sent and not yet acknowledged")
        .register(registry);
  }

  /** The audit stream's buffer and counters, read on scrape. */
  public void audit(AuditShipper shipper) {
    gauge("aviary.audit.queued", "Audit events waiting to be shipped to Kafka", shipper::queued);
    gauge("aviary.audit.capacity", "Audit events the buffer holds at most", shipper::capacity);
    String shipped = "Audit events handed to Kafka";
    auditCounter("aviary.audit.shipped", shipped, "kind", "event", shipper, AuditShipper::shipped);
    auditCounter(
        "aviary.audit.shipped", shipped, "kind", "audit_dropped", shipper, AuditShipper::markers);
    String lost = "Audit events lost: the buffer was full, or Kafka failed to store them";
    auditCounter(
        "aviary.audit.dropped", lost, "reason", "buffer_full", shipper, AuditShipper::dropped);
    auditCounter(
        "aviary.audit.dropped", lost, "reason", "delivery_failed", shipper, AuditShipper::lost);
  }

  /** Micrometer holds the state object weakly: the shipper itself, which the broker keeps. */
  private void auditCounter(
      String name,
      String description,
      String tag,
      String value,
      AuditShipper shipper,
      ToLongFunction<AuditShipper> count) {
    FunctionCounter.builder(name, shipper, s -> count.applyAsLong(s))
        .description(description)
        .tag(tag, value)
        .register(registry);
  }

  /** Registers a counter with fixed tags ({@code name, value} pairs), for its owner to hold. */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /** Registers a gauge whose value is read on scrape. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  public void received(int qos, int payloadBytes) {
    received[qos].increment();
    bytesReceived.increment(payloadBytes);
  }

  public void sent(int qos, int payloadBytes) {
    sent[qos].increment();
    bytesSent.increment(payloadBytes);
  }

  /** A message was not delivered to a subscriber, for {@code reason}. */
  public void dropped(DropReason reason) {
    dropped(reason, 1);
  }

  /** {@code count} messages were not delivered, for {@code reason}. */
  public void dropped(DropReason reason, long count) {
    dropped
        .computeIfAbsent(
            reason.tag(),
            r ->
                Counter.builder("aviary.messages.dropped")
                    .description("Messages not delivered to a subscriber, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment(count);
  }

  /** A PUBLISH was refused, for {@code reason}: not_authorized, rate_limited, retained_limit. */
  public void publishRefused(String reason) {
    publishesRefused
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("aviary.publishes.refused")
                    .description("PUBLISH packets refused before routing, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /**
   * The ACL refused something: {@code action} is publish, subscribe, will or subscription_removed;
   * {@code reason} the decision's reason (rule, default, qos_not_allowed, ...).
   */
  public void aclDenied(String action, String reason) {
    aclDenials
        .computeIfAbsent(
            action + ' ' + reason,
            k ->
                Counter.builder("aviary.acl.denied")
                    .description("Publishes, subscriptions and wills the ACL refused")
                    .tag("action", action)
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }

  /** A live session was bound to a newly activated ACL policy version. */
  public void aclRebound() {
    aclRebinds.increment();
  }

  /**
   * A CONNECT failed authentication. Tagged by organization only when it exists (usernames are
   * client-chosen, so unknown ones share the tag {@code none}) and by the closed-set reason.
   */
  public void authFailure(OrgId org, AuthFailure reason) {
    String orgTag = org == null ? "none" : org.value();
    authFailures
        .computeIfAbsent(
            orgTag + ' ' + reason.code(),
            k ->
                Counter.builder("aviary.auth.failures")
                    .description("CONNECTs refused by authentication, by organization and reason")
                    .tag("org", orgTag)
                    .tag("reason", reason.code())
                    .register(registry))
        .increment();
  }

  /** A client broke the protocol; {@code reason} is the MQTT reason, e.g. malformed_packet. */
  public void protocolError(String reason) {
    protocolErrors
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("aviary.protocol.errors")
                    .description("Connections ended because the client broke the protocol")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /** A CONNECT was answered: {@code result} is accepted or a refusal reason. */
  public void connect(String result) {
    connects
        .computeIfAbsent(
            result,
            r ->
                Counter.builder("aviary.connects")
                    .description("CONNECT packets answered, by result")
                    .tag("result", r)
                    .register(registry))
        .increment();
  }

  /** A connection ended; {@code kind} is clean, ungraceful, taken_over, kicked, shutdown, ... */
  public void disconnect(String kind) {
    disconnects
        .computeIfAbsent(
            kind.toLowerCase(Locale.ROOT),
            k ->
                Counter.builder("aviary.disconnects")
                    .description("Connections ended, by kind")
                    .tag("kind", k)
                    .register(registry))
        .increment();
  }

  /**
   * An administrator ended a session through the sessions API; {@code outcome} is {@code
   * disconnected} (the session stays, as its expiry says) or {@code discarded}.
   */
  public void adminDisconnect(String outcome) {
    adminActions
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("aviary.sessions.admin.disconnects")
                    .description("Sessions an administrator disconnected or discarded")
                    .tag("outcome", o)
                    .register(registry))
        .increment();
  }

  /**
   * The sessions API refused a request before reading any session: {@code unauthenticated}, {@code
   * wrong_org}, {@code not_admin} or {@code unconfigured}.
   */
  public void apiRefused(String reason) {
    apiRefusals
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("aviary.api.refusals")
                    .description("Sessions API requests refused before any session was read")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void queuedDelta(long delta) {
    if (delta != 0) {
      queued.addAndGet(delta);
    }
  }

  public void inFlightDelta(long delta) {
    if (delta != 0) {
      inFlight.addAndGet(delta);
    }
  }

  public long connections() {
    return connections.get();
  }
}
