package io.aviary.audit.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Field by field, so that the JSON names live next to the schema's and nothing leaks in. Streams
 * straight to bytes: the broker writes one event per audited publish.
 */
final class AuditWriter {

  // Closing a generator must not close the stream it appends to (a record being packed).
  private final JsonFactory factory =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  byte[] write(AuditRecord record) {
    // As ObjectMapper.writeValueAsBytes: the output's first segment is one of the factory's
    // recycled buffers, so an event allocates no array but the one it returns.
    BufferRecycler recycler = factory._getBufferRecycler();
    try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
      write(record, out);
      byte[] json = out.toByteArray();
      out.release();
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory does not fail", e);
    } finally {
      recycler.releaseToPool();
    }
  }

  /** Appends the record's JSON to {@code out}, leaving it open. */
  void write(AuditRecord record, OutputStream out) throws IOException {
    try (JsonGenerator g = generator(out)) {
      write(record, g);
    }
  }

  /**
   * A generator writing UTF-8 to {@code out}; closing it leaves {@code out} open. It separates root
   * values by nothing (Jackson's default is a space): the caller ends each as it needs.
   */
  JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8);
    g.setRootValueSeparator(null);
    return g;
  }

  /** Writes the record's JSON object with {@code g}. */
  void write(AuditRecord record, JsonGenerator g) throws IOException {
    g.writeStartObject();
    fields(new Fields(g), record);
    g.writeEndObject();
  }

  private static void fields(Fields n, AuditRecord record) throws IOException {
    n.put("schema_version", AuditRecord.SCHEMA_VERSION);
    n.put("event_id", record.eventId().toString());
    n.put("type", record.type().code());
    n.put("org_id", record.orgId());
    n.put("node_id", record.nodeId());
    n.put("time", WireTime.format(record.time()));
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
        n.put("topic", e.topic());
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
        n.put("first_dropped_at", WireTime.format(e.firstDroppedAt()));
        n.put("last_dropped_at", WireTime.format(e.lastDroppedAt()));
      }
    }
  }

  /** Typed field writers, null written as JSON null. */
  private record Fields(JsonGenerator g) {
    void put(String name, String value) throws IOException {
      if (value == null) {
        g.writeNullField(name);
      } else {
        g.writeStringField(name, value);
      }
    }

    void put(String name, long value) throws IOException {
      g.writeNumberField(name, value);
    }

    void put(String name, boolean value) throws IOException {
      g.writeBooleanField(name, value);
    }

    void put(String name, Map<String, List<String>> bindings) throws IOException {
      g.writeObjectFieldStart(name);
      for (Map.Entry<String, List<String>> e : bindings.entrySet()) {
        g.writeArrayFieldStart(e.getKey());
        for (String value : e.getValue()) {
          g.writeString(value);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
  }
}
