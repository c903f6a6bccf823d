package io.aviary.audit.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditCodec.Accepted;
import io.aviary.audit.event.AuditCodec.AcceptedRun;
import io.aviary.audit.event.AuditCodec.Refusal;
import io.aviary.audit.event.AuditCodec.Result;
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
import io.aviary.audit.event.JsonFields.Refused;
import io.aviary.broker.auth.AuthFailure;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The strict reader: it accepts exactly the documents the v1 schema accepts (and refuses duplicate
 * keys and trailing data besides), checking the version first so that a v2 event is refused as such
 * rather than as a pile of field errors.
 */
final class AuditReader {

  private final JsonMapper mapper =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  Result read(byte[] json) {
    if (json == null || json.length == 0) {
      return new Refusal(Refusal.Kind.MALFORMED, "empty document", "");
    }
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JacksonException e) {
      return new Refusal(Refusal.Kind.MALFORMED, "not valid JSON: " + e.getOriginalMessage(), "");
    } catch (IOException e) {
      return new Refusal(Refusal.Kind.MALFORMED, "unreadable document: " + e.getMessage(), "");
    }
    if (root == null || !root.isObject()) {
      return new Refusal(Refusal.Kind.MALFORMED, "an audit event must be a JSON object", "");
    }
    try {
      return decode((ObjectNode) root);
    } catch (Refused e) {
      return e.refusal();
    } catch (IllegalArgumentException e) {
      // A cross-field rule of a record, e.g. TLS fields on a plain transport.
      return new Refusal(Refusal.Kind.INVALID, e.getMessage(), "");
    }
  }

  private static Result decode(ObjectNode root) {
    JsonNode version = root.get("schema_version");
    if (version == null) {
      throw new Refused(
          Refusal.Kind.UNSUPPORTED_VERSION,
          "missing required field 'schema_version'",
          "/schema_version");
    }
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != 1) {
      throw new Refused(
          Refusal.Kind.UNSUPPORTED_VERSION,
          "unknown schema_version " + version + "; this reader understands 1",
          "/schema_version");
    }
    JsonFields f = new JsonFields(root);
    f.integer("schema_version", 1, 1);
    JsonNode typeNode = root.get("type");
    if (typeNode != null && VerdictRuns.TYPE.equals(typeNode.textValue())) {
      f.text("type");
      return new AcceptedRun(run(f));
    }
    EventType type = f.code("type", EventType.class);
    UUID id = f.eventId("event_id");
    String org = type == EventType.AUTH_FAILURE ? f.textOrNull("org_id") : f.text("org_id");
    String node = f.text("node_id");
    Instant time = f.time("time");
    AuditRecord record =
        switch (type) {
          case CONNECT ->
              new ClientConnected(
                  id,
                  org,
                  node,
                  time,
                  f.text("client_id"),
                  f.text("principal"),
                  f.text("origin_ip"),
                  f.integer("origin_port", 0, 65535),
                  f.text("listener"),
                  f.code("transport", ClientConnected.Transport.class),
                  f.code("mqtt_version", ClientConnected.MqttVersion.class),
                  f.textOrNull("tls_version"),
                  f.textOrNull("tls_cipher"),
                  f.text("idp"),
                  f.stringArrays("bindings"),
                  f.bool("session_present"),
                  f.bool("clean_start"));
          case AUTH_FAILURE ->
              new AuthenticationFailed(
                  id,
                  org,
                  node,
                  time,
                  f.anyText("client_id"),
                  f.anyTextOrNull("username"),
                  f.text("origin_ip"),
                  f.text("listener"),
                  f.code("reason", AuthFailure.class, AuthFailure::code));
          case ACL_VERDICT ->
              new AclDecided(
                  id,
                  org,
                  node,
                  time,
                  f.text("client_id"),
                  f.text("principal"),
                  f.code("action", AclDecided.Action.class),
                  f.text("topic"),
                  f.integer("qos", 0, 2),
                  f.bool("retain"),
                  f.code("verdict", AclDecided.Verdict.class),
                  f.text("rule"),
                  f.code("reason", Decision.Reason.class, Decision.Reason::code),
                  f.atLeast("policy_version", 0),
                  f.bool("sampled"));
          case SUBSCRIBE ->
              new Subscribed(
                  id,
                  org,
                  node,
                  time,
                  f.text("client_id"),
                  f.text("principal"),
                  f.text("filter"),
                  f.integer("qos", 0, 2),
                  f.textOrNull("shared_group"));
          case UNSUBSCRIBE ->
              new Unsubscribed(
                  id,
                  org,
                  node,
                  time,
                  f.text("client_id"),
                  f.text("principal"),
                  f.text("filter"),
                  f.textOrNull("shared_group"));
          case DISCONNECT ->
              new ClientDisconnected(
                  id,
                  org,
                  node,
                  time,
                  f.text("client_id"),
                  f.code("kind", ClientDisconnected.Kind.class),
                  f.text("reason"),
                  f.atLeast("duration_ms", 0));
          case LIMIT_EXCEEDED ->
              new LimitExceeded(
                  id,
                  org,
                  node,
                  time,
                  f.text("client_id"),
                  f.code("limit", LimitExceeded.Limit.class),
                  f.text("detail"));
          case POLICY_ACTIVATED ->
              new PolicyActivated(
                  id, org, node, time, f.text("actor"), f.atLeast("policy_version", 0));
          case IDP_CHANGED ->
              new IdpChanged(
                  id,
                  org,
                  node,
                  time,
                  f.text("actor"),
                  f.text("idp_id"),
                  f.code("change", IdpChanged.Change.class));
          case API_KEY_CREATED ->
              new ApiKeyCreated(id, org, node, time, f.text("actor"), f.text("api_key_id"));
          case API_KEY_REVOKED ->
              new ApiKeyRevoked(id, org, node, time, f.text("actor"), f.text("api_key_id"));
          case MEMBER_ADDED ->
              new MemberAdded(
                  id,
                  org,
                  node,
                  time,
                  f.text("actor"),
                  f.text("member_email"),
                  f.code("role", MemberAdded.Role.class));
          case AUDIT_DROPPED ->
              new AuditDropped(
                  id,
                  org,
                  node,
                  time,
                  f.atLeast("dropped", 1),
                  f.time("first_dropped_at"),
                  f.time("last_dropped_at"));
        };
    f.refuseOthers(type.code() + " event");
    return new Accepted(record);
  }

  /**
   * The allowed publishes of a verdict run (ADR 7): the header's fields are each one's, its entries
   * {@code [event_id, offset, topic, qos, retain]} the rest, the time being the header's plus the
   * offset in microseconds.
   */
  private static List<AclDecided> run(JsonFields f) {
    String org = f.text("org_id");
    String node = f.text("node_id");
    Instant base = f.time("time");
    String client = f.text("client_id");
    String principal = f.text("principal");
    AclDecided.Action action = f.code("action", AclDecided.Action.class);
    AclDecided.Verdict verdict = f.code("verdict", AclDecided.Verdict.class);
    String rule = f.text("rule");
    Decision.Reason reason = f.code("reason", Decision.Reason.class, Decision.Reason::code);
    long policyVersion = f.atLeast("policy_version", 0);
    boolean sampled = f.bool("sampled");
    JsonNode entries = f.nonEmptyArray("verdicts");
    f.refuseOthers(VerdictRuns.TYPE + " line");
    List<AclDecided> records = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonFields.Entry e = new JsonFields.Entry(entries.get(i), "verdicts", i, 5);
      UUID id = e.eventId(0);
      long offset = e.integer(1, -VerdictRuns.MAX_OFFSET_MICROS, VerdictRuns.MAX_OFFSET_MICROS);
      String topic = e.text(2);
      int qos = (int) e.integer(3, 0, 2);
      boolean retain = e.bool(4);
      try {
        records.add(
            new AclDecided(
                id,
                org,
                node,
                base.plus(offset, ChronoUnit.MICROS),
                client,
                principal,
                action,
                topic,
                qos,
                retain,
                verdict,
                rule,
                reason,
                policyVersion,
                sampled));
      } catch (IllegalArgumentException | DateTimeException | ArithmeticException ex) {
        throw new Refused(ex.getMessage(), JsonFields.pointer("verdicts", Integer.toString(i)));
      }
    }
    return records;
  }
}
