package io.aviary.audit.event;

import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.ApiKeyCreated;
import io.aviary.audit.event.AuditRecord.ApiKeyRevoked;
import io.aviary.audit.event.AuditRecord.AuditDropped;
import io.aviary.audit.event.AuditRecord.AuthenticationFailed;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.audit.event.AuditRecord.IdpChanged;
import io.aviary.audit.event.AuditRecord.LimitExceeded;
import io.aviary.audit.event.AuditRecord.MemberAdded;
import io.aviary.audit.event.AuditRecord.PolicyActivated;
import io.aviary.audit.event.AuditRecord.Subscribed;
import io.aviary.audit.event.AuditRecord.Unsubscribed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Field by field, so that the JSON names live next to the schema's and nothing leaks in. Writes
 * bytes straight into a {@link JsonOut}: the broker writes one event per audited publish.
 */
final class AuditWriter {

  private AuditWriter() {}

  /** The record as a JSON document of its own. */
  static byte[] write(AuditRecord record) {
    JsonOut out = new JsonOut(512, false);
    write(record, out);
    return out.toByteArray();
  }

  /** Appends the record's JSON object to {@code out}. */
  static void write(AuditRecord record, JsonOut out) {
    out.startObject();
    fields(new Fields(out), record);
    out.endObject();
  }

  /**
   * Appends the {@code acl_verdict_run} line of allowed publishes that share {@code first}'s fields
   * but for those of each entry (ADR 7): {@code entries} holds the entries {@link #runEntry} wrote.
   */
  static void run(AclDecided first, JsonOut entries, JsonOut out) {
    out.startObject();
    Fields n = new Fields(out);
    n.put("schema_version", AuditRecord.SCHEMA_VERSION);
    n.put("type", VerdictRuns.TYPE);
    n.put("org_id", first.orgId());
    n.put("node_id", first.nodeId());
    n.put("time", first.time());
    n.put("client_id", first.clientId());
    n.put("principal", first.principal());
    n.put("action", first.action().code());
    n.put("verdict", first.verdict().code());
    n.put("rule", first.rule());
    n.put("reason", first.reason().code());
    n.put("policy_version", first.policyVersion());
    n.put("sampled", first.sampled());
    out.name("verdicts");
    out.startArray();
    out.raw(entries);
    out.endArray();
    out.endObject();
  }

  /**
   * Appends a run's entry {@code [event_id, offset, topic, qos, retain]}, the offset being the
   * microseconds from the run's first time.
   */
  static void runEntry(AclDecided record, long offsetMicros, JsonOut entries) {
    entries.startArray();
    entries.uuid(record.eventId());
    entries.number(offsetMicros);
    entries.freshString(record.topic());
    entries.number(record.qos());
    entries.bool(record.retain());
    entries.endArray();
  }

  private static void fields(Fields n, AuditRecord record) {
    n.put("schema_version", AuditRecord.SCHEMA_VERSION);
    n.put("event_id", record.eventId());
    n.put("type", record.type().code());
    n.put("org_id", record.orgId());
    n.put("node_id", record.nodeId());
    n.put("time", record.time());
    switch (record) {
      case ClientConnected e -> {
        n.put("client_id", e.clientId());
        n.put("principal", e.principal());
        n.put("origin_ip", e.originIp());
        n.put("origin_port", e.originPort());
        n.put("listener", e.listener());
        n.put("transport", e.transport().code());
        n.put("mqtt_version", e.mqttVersion().code());
        n.put("tls_version", e.tlsVersion());
        n.put("tls_cipher", e.tlsCipher());
        n.put("idp", e.idp());
        n.put("bindings", e.bindings());
        n.put("session_present", e.sessionPresent());
        n.put("clean_start", e.cleanStart());
      }
      case AuthenticationFailed e -> {
        n.put("client_id", e.clientId());
        n.put("username", e.username());
        n.put("origin_ip", e.originIp());
        n.put("listener", e.listener());
        n.put("reason", e.reason().code());
      }
      case AclDecided e -> {
        n.put("client_id", e.clientId());
        n.put("principal", e.principal());
        n.put("action", e.action().code());
        n.putFresh("topic", e.topic());
        n.put("qos", e.qos());
        n.put("retain", e.retain());
        n.put("verdict", e.verdict().code());
        n.put("rule", e.rule());
        n.put("reason", e.reason().code());
        n.put("policy_version", e.policyVersion());
        n.put("sampled", e.sampled());
      }
      case Subscribed e -> {
        n.put("client_id", e.clientId());
        n.put("principal", e.principal());
        n.put("filter", e.filter());
        n.put("qos", e.qos());
        n.put("shared_group", e.sharedGroup());
      }
      case Unsubscribed e -> {
        n.put("client_id", e.clientId());
        n.put("principal", e.principal());
        n.put("filter", e.filter());
        n.put("shared_group", e.sharedGroup());
      }
      case ClientDisconnected e -> {
        n.put("client_id", e.clientId());
        n.put("kind", e.kind().code());
        n.put("reason", e.reason());
        n.put("duration_ms", e.durationMs());
      }
      case LimitExceeded e -> {
        n.put("client_id", e.clientId());
        n.put("limit", e.limit().code());
        n.put("detail", e.detail());
      }
      case PolicyActivated e -> {
        n.put("actor", e.actor());
        n.put("policy_version", e.policyVersion());
      }
      case IdpChanged e -> {
        n.put("actor", e.actor());
        n.put("idp_id", e.idpId());
        n.put("change", e.change().code());
      }
      case ApiKeyCreated e -> {
        n.put("actor", e.actor());
        n.put("api_key_id", e.apiKeyId());
      }
      case ApiKeyRevoked e -> {
        n.put("actor", e.actor());
        n.put("api_key_id", e.apiKeyId());
      }
      case MemberAdded e -> {
        n.put("actor", e.actor());
        n.put("member_email", e.memberEmail());
        n.put("role", e.role().code());
      }
      case AuditDropped e -> {
        n.put("dropped", e.dropped());
        n.put("first_dropped_at", e.firstDroppedAt());
        n.put("last_dropped_at", e.lastDroppedAt());
      }
    }
  }

  /** Typed field writers, null written as JSON null. */
  private record Fields(JsonOut out) {
    void put(String name, String value) {
      out.name(name);
      if (value == null) {
        out.nullValue();
      } else {
        out.string(value);
      }
    }

    /** A string value that is new each time (a topic): not worth keeping its encoding. */
    void putFresh(String name, String value) {
      out.name(name);
      out.freshString(value);
    }

    void put(String name, UUID value) {
      out.name(name);
      out.uuid(value);
    }

    void put(String name, Instant value) {
      out.name(name);
      WireTime.write(value, out);
    }

    void put(String name, long value) {
      out.name(name);
      out.number(value);
    }

    void put(String name, boolean value) {
      out.name(name);
      out.bool(value);
    }

    void put(String name, Map<String, List<String>> bindings) {
      out.name(name);
      out.startObject();
      for (Map.Entry<String, List<String>> e : bindings.entrySet()) {
        out.name(e.getKey());
        out.startArray();
        for (String value : e.getValue()) {
          out.string(value);
        }
        out.endArray();
      }
      out.endObject();
    }
  }
}
