package io.aviary.audit.event;

import io.aviary.acl.Decision;
import io.aviary.broker.auth.AuthFailure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One audit event of schema version 1, as written to Kafka by {@link AuditCodec}. Events carry
 * routing metadata only: never payloads, passwords or tokens. The field documentation is the
 * checked-in {@code audit-event-v1.schema.json}.
 */
public sealed interface AuditRecord {

  /** The schema version every record of this interface is written with. */
  int SCHEMA_VERSION = 1;

  /** A time-ordered UUIDv7 ({@link EventIds}); consumers deduplicate on it. */
  UUID eventId();

  /** The organization, never null except in {@link AuthenticationFailed}. */
  String orgId();

  /** The broker node or service instance that emitted the event. */
  String nodeId();

  /** When it happened, at microsecond precision. */
  Instant time();

  EventType type();

  /** A client connected and its session started. */
  record ClientConnected(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      String principal,
      String originIp,
      int originPort,
      String listener,
      Transport transport,
      MqttVersion mqttVersion,
      String tlsVersion,
      String tlsCipher,
      String idp,
      Map<String, List<String>> bindings,
      boolean sessionPresent,
      boolean cleanStart)
      implements AuditRecord {

    public ClientConnected {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(clientId, "client_id");
      Require.text(principal, "principal");
      Require.text(originIp, "origin_ip");
      Require.range(originPort, 0, 65535, "origin_port");
      Require.text(listener, "listener");
      Require.present(transport, "transport");
      Require.present(mqttVersion, "mqtt_version");
      Require.textOrNull(tlsVersion, "tls_version");
      Require.textOrNull(tlsCipher, "tls_cipher");
      if (transport.encrypted() != (tlsVersion != null)
          || transport.encrypted() != (tlsCipher != null)) {
        throw new IllegalArgumentException(
            "tls_version and tls_cipher are set exactly when the transport is tls or wss");
      }
      Require.text(idp, "idp");
      bindings = Require.bindings(bindings);
    }

    @Override
    public EventType type() {
      return EventType.CONNECT;
    }

    /** How the client reached the listener. */
    public enum Transport implements WireCode {
      TCP,
      TLS,
      WS,
      WSS;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }

      /** Whether the transport carries TLS, and so a TLS version and cipher. */
      public boolean encrypted() {
        return this == TLS || this == WSS;
      }
    }

    /** The MQTT protocol version the client spoke. */
    public enum MqttVersion implements WireCode {
      V3_1("3.1"),
      V3_1_1("3.1.1"),
      V5_0("5.0");

      private final String code;

      MqttVersion(String code) {
        this.code = code;
      }

      @Override
      public String code() {
        return code;
      }
    }
  }

  /**
   * A CONNECT was refused during authentication.
   *
   * @param orgId null when the client named no organization that exists
   * @param clientId the client id as sent, possibly empty
   * @param username the MQTT username as sent, or null; the password is never recorded
   */
  record AuthenticationFailed(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      String username,
      String originIp,
      String listener,
      AuthFailure reason)
      implements AuditRecord {

    public AuthenticationFailed {
      time = Require.headerOfAnyOrg(eventId, orgId, nodeId, time);
      Require.present(clientId, "client_id");
      Require.text(originIp, "origin_ip");
      Require.text(listener, "listener");
      Require.present(reason, "reason");
    }

    @Override
    public EventType type() {
      return EventType.AUTH_FAILURE;
    }
  }

  /**
   * The ACL policy decided on a publish, a subscription or a will, or removed a subscription after
   * a policy change.
   *
   * @param topic the topic name or filter as the client sees it (without the mountpoint)
   * @param rule the deciding rule's name, its JSON pointer ({@code /rules/N}) or {@code default}
   * @param sampled true when an allowed publish was kept by the org's sampled setting; always false
   *     for denials
   */
  record AclDecided(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      String principal,
      Action action,
      String topic,
      int qos,
      boolean retain,
      Verdict verdict,
      String rule,
      Decision.Reason reason,
      long policyVersion,
      boolean sampled)
      implements AuditRecord {

    public AclDecided {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(clientId, "client_id");
      Require.text(principal, "principal");
      Require.present(action, "action");
      Require.text(topic, "topic");
      Require.range(qos, 0, 2, "qos");
      Require.present(verdict, "verdict");
      Require.text(rule, "rule");
      Require.present(reason, "reason");
      Require.atLeast(policyVersion, 0, "policy_version");
      if (sampled && verdict == Verdict.DENY) {
        throw new IllegalArgumentException("denials are always kept, never sampled");
      }
    }

    @Override
    public EventType type() {
      return EventType.ACL_VERDICT;
    }

    /** What the client tried to do. */
    public enum Action implements WireCode {
      PUBLISH,
      SUBSCRIBE,
      WILL,
      SUBSCRIPTION_REMOVED;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }
    }

    /** The outcome. */
    public enum Verdict implements WireCode {
      ALLOW,
      DENY;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }
    }
  }

  /**
   * A subscription was granted.
   *
   * @param filter the filter as the client sent it, without any {@code $share/<group>/} prefix
   * @param qos the granted QoS
   * @param sharedGroup the shared subscription group, or null
   */
  record Subscribed(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      String principal,
      String filter,
      int qos,
      String sharedGroup)
      implements AuditRecord {

    public Subscribed {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(clientId, "client_id");
      Require.text(principal, "principal");
      Require.text(filter, "filter");
      Require.range(qos, 0, 2, "qos");
      Require.textOrNull(sharedGroup, "shared_group");
    }

    @Override
    public EventType type() {
      return EventType.SUBSCRIBE;
    }
  }

  /** A subscription was removed at the client's request (UNSUBSCRIBE carries no QoS). */
  record Unsubscribed(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      String principal,
      String filter,
      String sharedGroup)
      implements AuditRecord {

    public Unsubscribed {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(clientId, "client_id");
      Require.text(principal, "principal");
      Require.text(filter, "filter");
      Require.textOrNull(sharedGroup, "shared_group");
    }

    @Override
    public EventType type() {
      return EventType.UNSUBSCRIBE;
    }
  }

  /** A client's connection ended after {@code durationMs}. */
  record ClientDisconnected(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      Kind kind,
      String reason,
      long durationMs)
      implements AuditRecord {

    public ClientDisconnected {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(clientId, "client_id");
      Require.present(kind, "kind");
      Require.text(reason, "reason");
      Require.atLeast(durationMs, 0, "duration_ms");
    }

    @Override
    public EventType type() {
      return EventType.DISCONNECT;
    }

    /** How the connection ended. */
    public enum Kind implements WireCode {
      CLEAN,
      CLEAN_WITH_WILL,
      UNGRACEFUL,
      TAKEN_OVER,
      KICKED,
      EXPIRED,
      PROTOCOL_ERROR,
      KEEP_ALIVE_TIMEOUT,
      SHUTDOWN;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }
    }
  }

  /** A bound was hit and the broker refused or dropped something; {@code detail} says which. */
  record LimitExceeded(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String clientId,
      Limit limit,
      String detail)
      implements AuditRecord {

    public LimitExceeded {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(clientId, "client_id");
      Require.present(limit, "limit");
      Require.text(detail, "detail");
    }

    @Override
    public EventType type() {
      return EventType.LIMIT_EXCEEDED;
    }

    /** Which bound. */
    public enum Limit implements WireCode {
      CONNECTIONS,
      PUBLISH_RATE,
      RETAINED,
      QUEUE,
      PACKET_SIZE;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }
    }
  }

  /**
   * A new version of the organization's ACL policy became active.
   *
   * @param actor who acted: {@code user:<email>}, {@code api_key:<id>} or {@code platform}
   */
  record PolicyActivated(
      UUID eventId, String orgId, String nodeId, Instant time, String actor, long policyVersion)
      implements AuditRecord {

    public PolicyActivated {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(actor, "actor");
      Require.atLeast(policyVersion, 0, "policy_version");
    }

    @Override
    public EventType type() {
      return EventType.POLICY_ACTIVATED;
    }
  }

  /** An IdP connection was created, updated or deleted. */
  record IdpChanged(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String actor,
      String idpId,
      Change change)
      implements AuditRecord {

    public IdpChanged {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(actor, "actor");
      Require.text(idpId, "idp_id");
      Require.present(change, "change");
    }

    @Override
    public EventType type() {
      return EventType.IDP_CHANGED;
    }

    /** What happened to the IdP connection. */
    public enum Change implements WireCode {
      CREATED,
      UPDATED,
      DELETED;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }
    }
  }

  /** An API key was created; its secret is never recorded. */
  record ApiKeyCreated(
      UUID eventId, String orgId, String nodeId, Instant time, String actor, String apiKeyId)
      implements AuditRecord {

    public ApiKeyCreated {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(actor, "actor");
      Require.text(apiKeyId, "api_key_id");
    }

    @Override
    public EventType type() {
      return EventType.API_KEY_CREATED;
    }
  }

  /** An API key was revoked. */
  record ApiKeyRevoked(
      UUID eventId, String orgId, String nodeId, Instant time, String actor, String apiKeyId)
      implements AuditRecord {

    public ApiKeyRevoked {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(actor, "actor");
      Require.text(apiKeyId, "api_key_id");
    }

    @Override
    public EventType type() {
      return EventType.API_KEY_REVOKED;
    }
  }

  /** A person was added to the organization with {@code role}. */
  record MemberAdded(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      String actor,
      String memberEmail,
      Role role)
      implements AuditRecord {

    public MemberAdded {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.text(actor, "actor");
      Require.text(memberEmail, "member_email");
      Require.present(role, "role");
    }

    @Override
    public EventType type() {
      return EventType.MEMBER_ADDED;
    }

    /** The organization roles of tenant-api. */
    public enum Role implements WireCode {
      ADMIN,
      MEMBER;

      private final String code = name().toLowerCase(Locale.ROOT);

      @Override
      public String code() {
        return code;
      }
    }
  }

  /**
   * Events of the organization that a node could not ship (its buffer was full while the audit
   * backend was slow or down) and dropped: written when shipping works again, so the audit trail
   * says where it has a gap.
   *
   * @param dropped how many events were lost, at least 1
   * @param firstDroppedAt when the first of them was dropped
   * @param lastDroppedAt when the last was, not before the first
   */
  record AuditDropped(
      UUID eventId,
      String orgId,
      String nodeId,
      Instant time,
      long dropped,
      Instant firstDroppedAt,
      Instant lastDroppedAt)
      implements AuditRecord {

    public AuditDropped {
      time = Require.header(eventId, orgId, nodeId, time);
      Require.atLeast(dropped, 1, "dropped");
      firstDroppedAt = Require.time(firstDroppedAt, "first_dropped_at");
      lastDroppedAt = Require.time(lastDroppedAt, "last_dropped_at");
      if (lastDroppedAt.isBefore(firstDroppedAt)) {
        throw new IllegalArgumentException("last_dropped_at is before first_dropped_at");
      }
    }

    @Override
    public EventType type() {
      return EventType.AUDIT_DROPPED;
    }
  }
}
