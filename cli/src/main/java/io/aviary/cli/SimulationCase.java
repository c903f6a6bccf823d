package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.AclJson;
import io.aviary.acl.Action;
import io.aviary.acl.Policy;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Simulation;
import io.aviary.acl.Simulator;
import io.aviary.acl.Subject;
import java.util.regex.Pattern;

/**
 * One publish or subscribe to decide, as {@code /acl/simulate} takes it.
 *
 * @param identity the claims object
 * @param action {@code publish} or {@code subscribe}
 * @param topic topic name (publish) or filter (subscribe)
 * @param qos 0, 1 or 2
 * @param retain whether the publish is retained
 * @param sourceIp the client's address, or null
 * @param mqttVersion {@code 3.1}, {@code 3.1.1} or {@code 5.0}, or null when unknown
 * @param expect {@code allow} or {@code deny} when a batch case states what it expects, else null
 */
record SimulationCase(
    ObjectNode identity,
    String action,
    String topic,
    int qos,
    boolean retain,
    String sourceIp,
    String mqttVersion,
    String expect) {

  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** Checks every value; {@code where} (or null) prefixes the message of the usage error. */
  static SimulationCase of(
      String where,
      JsonNode identity,
      String action,
      String topic,
      int qos,
      boolean retain,
      String sourceIp,
      String mqttVersion,
      String expect) {
    String prefix = where == null ? "" : where + ": ";
    if (identity == null || !identity.isObject()) {
      throw CliException.usage(
          "%sthe identity must be a JSON object of claims, e.g. {\"agent_id\": \"a1\"}", prefix);
    }
    if (!"publish".equals(action) && !"subscribe".equals(action)) {
      throw CliException.usage("%saction must be publish or subscribe", prefix);
    }
    if (topic == null || topic.isEmpty()) {
      throw CliException.usage("%sa topic is required", prefix);
    }
    if (qos < 0 || qos > 2) {
      throw CliException.usage("%sqos must be 0, 1 or 2 (was %d)", prefix, qos);
    }
    if (sourceIp != null && !IP_LITERAL.matcher(sourceIp).matches()) {
      throw CliException.usage("%ssource IP %s is not an IP address", prefix, sourceIp);
    }
    if (mqttVersion != null && PolicyDocument.protocolLevel(mqttVersion) == 0) {
      throw CliException.usage(
          "%sMQTT version must be 3.1, 3.1.1 or 5.0 (was %s)", prefix, mqttVersion);
    }
    if (expect != null && !"allow".equals(expect) && !"deny".equals(expect)) {
      throw CliException.usage("%sexpect must be allow or deny (was %s)", prefix, expect);
    }
    return new SimulationCase(
        (ObjectNode) identity, action, topic, qos, retain, sourceIp, mqttVersion, expect);
  }

  /** A case object from a batch or cases file; {@code expect} is read but never sent. */
  static SimulationCase fromJson(JsonNode node, String where) {
    if (!node.isObject()) {
      throw CliException.usage("%s: not a JSON object", where);
    }
    return of(
        where,
        node.get("identity"),
        Json.text(node, "action"),
        Json.text(node, "topic"),
        node.path("qos").asInt(0),
        node.path("retain").asBoolean(false),
        Json.text(node, "source_ip"),
        Json.text(node, "mqtt_version"),
        Json.text(node, "expect"));
  }

  /** The case as the server takes it. */
  ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.set("identity", identity);
    node.put("action", action).put("topic", topic).put("qos", qos).put("retain", retain);
    if (sourceIp != null) {
      node.put("source_ip", sourceIp);
    }
    if (mqttVersion != null) {
      node.put("mqtt_version", mqttVersion);
    }
    return node;
  }

  /** Decides the case with the embedded engine; an invalid topic is a usage error. */
  Simulation simulate(Policy policy, String where) {
    try {
      Subject subject = AclJson.subject(toJson(), "");
      return Simulator.simulate(policy, subject, Action.fromCode(action), topic, qos, retain);
    } catch (AclJson.InvalidInput e) {
      throw CliException.usage(
          "%s%s %s", where == null ? "" : where + ": ", e.pointer().substring(1), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw CliException.usage("%s%s", where == null ? "" : where + ": ", e.getMessage());
    }
  }
}
