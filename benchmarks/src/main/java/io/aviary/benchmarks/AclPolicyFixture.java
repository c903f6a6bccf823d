package io.aviary.benchmarks;

import io.aviary.acl.ParseResult;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deterministic ACL v2 policy for a device fleet, of any size: the shape an organization with a
 * few thousand devices writes, generated rather than stored so that the 1,000- and 10,000-rule
 * documents differ only in how many devices they list.
 *
 * <p>The fleet is {@code fleet/{region}/{site}/device-N/...} over 4 regions of 5 sites. The rules,
 * default deny:
 *
 * <ul>
 *   <li>6 high-priority rules: deny {@code $SYS/#}; firmware publishes denied (priority 500) except
 *       for the {@code ota} role (600); one early literal ({@code
 *       fleet/eu/site-0/gateway/telemetry}, 100); a {@code claims} rule and a {@code client_id}
 *       glob rule with a variable;
 *   <li>4 region-wide {@code fleet/{r}/+/+/alarms} and, per site, {@code fleet/{r}/{s}/+/status}
 *       and a {@code fleet/{r}/{s}/#} subscribe rule for the {@code site-manager} role;
 *   <li>10 % rules with variables: {@code devices/{client_id}/#}, {@code users/{user_id}/inbox},
 *       {@code users/{user_id}/outbox}, then {@code apps/app-K/...} rules using {@code {user_id}},
 *       {@code {client_id}}, both in one level, or an unbound {@code {claim:tier}};
 *   <li>per device, a literal publish allow on {@code .../telemetry} and a subscribe allow on
 *       {@code .../commands}; every 25th device is quarantined instead ({@code .../#} deny
 *       publish);
 *   <li>2 low-priority fleet-wide rules last: {@code fleet/+/+/+/logs/#} (publish, priority -50)
 *       and {@code fleet/+/+/+/telemetry} (subscribe for the {@code operator} role, priority -10).
 * </ul>
 */
final class AclPolicyFixture {
  static final List<String> REGIONS = List.of("eu", "us", "ap", "sa");
  static final int SITES_PER_REGION = 5;
  static final int SITES = REGIONS.size() * SITES_PER_REGION;

  /** The session the benchmarks bind: an operator's device. */
  static final Subject SUBJECT =
      Subject.of(
          Map.of(
              "user_id", List.of("u42"),
              "client_id", List.of("dev-7"),
              "role", List.of("operator")));

  private AclPolicyFixture() {}

  /** The JSON document with exactly {@code rules} rules. */
  static String document(int rules) {
    List<String> head = new ArrayList<>();
    head.add(rule("no-sys", "$SYS/#", "all", "deny", 1000, ""));
    head.add(
        rule(
            "ota-publish",
            "fleet/+/+/+/firmware",
            "publish",
            "allow",
            600,
            ",\"when\":{\"roles\":[\"ota\"]}"));
    head.add(rule("firmware-locked", "fleet/+/+/+/firmware", "publish", "deny", 500, ""));
    head.add(
        rule(
            "gateway-eu-0",
            "fleet/eu/site-0/gateway/telemetry",
            "publish",
            "allow",
            100,
            ",\"qos\":[0,1]"));
    head.add(
        rule(
            "gold-bulk",
            "bulk/#",
            "publish",
            "allow",
            50,
            ",\"when\":{\"claims\":{\"tier\":[\"gold\",\"platinum\"]}}"));
    head.add(
        rule(
            "provisioning",
            "provisioning/{client_id}",
            "publish",
            "allow",
            20,
            ",\"retain\":false,\"when\":{\"client_id\":\"dev-*\"}"));

    List<String> regional = new ArrayList<>();
    for (String region : REGIONS) {
      regional.add(
          rule(
              "alarms-" + region,
              "fleet/" + region + "/+/+/alarms",
              "publish",
              "allow",
              0,
              ",\"qos\":[0,1],\"qos_mode\":\"downgrade\""));
    }
    for (int site = 0; site < SITES; site++) {
      String prefix = "fleet/" + region(site) + "/" + siteName(site);
      regional.add(
          rule(
              null, prefix + "/+/status", "publish", "allow", 0, ",\"qos\":[0,1],\"retain\":true"));
      regional.add(
          rule(
              null,
              prefix + "/#",
              "subscribe",
              "allow",
              0,
              ",\"when\":{\"roles\":[\"site-manager\"]}"));
    }

    List<String> tail = new ArrayList<>();
    tail.add(
        rule(
            "fleet-logs",
            "fleet/+/+/+/logs/#",
            "publish",
            "allow",
            -50,
            ",\"qos\":[0],\"qos_mode\":\"downgrade\",\"retain\":false"));
    tail.add(
        rule(
            "operator-telemetry",
            "fleet/+/+/+/telemetry",
            "subscribe",
            "allow",
            -10,
            ",\"when\":{\"roles\":[\"operator\"]}"));

    List<String> variable = new ArrayList<>();
    int variables = rules / 10;
    variable.add(rule(null, "devices/{client_id}/#", "all", "allow", 0, ""));
    variable.add(rule(null, "users/{user_id}/inbox", "subscribe", "allow", 0, ""));
    variable.add(rule(null, "users/{user_id}/outbox", "publish", "allow", 0, ",\"retain\":false"));
    for (int k = 0; variable.size() < variables; k++) {
      String app = "apps/app-" + k;
      variable.add(
          switch (k % 4) {
            case 0 -> rule(null, app + "/users/{user_id}/#", "all", "allow", 0, "");
            case 1 ->
                rule(null, app + "/devices/{client_id}/commands", "subscribe", "allow", 0, "");
            case 2 -> rule(null, app + "/{user_id}-{client_id}/state", "publish", "allow", 0, "");
            default -> rule(null, app + "/tiers/{claim:tier}/#", "subscribe", "allow", 0, "");
          });
    }

    int devicesRules = rules - head.size() - regional.size() - variable.size() - tail.size();
    List<String> devices = new ArrayList<>(devicesRules);
    for (int i = 0; devices.size() < devicesRules; i++) {
      String device =
          "fleet/" + region(i % SITES) + "/" + siteName(i % SITES) + "/device-" + i / SITES;
      if (i % 25 == 24) {
        devices.add(rule(null, device + "/#", "publish", "deny", 0, ""));
        continue;
      }
      devices.add(rule(null, device + "/telemetry", "publish", "allow", 0, ",\"qos\":[0,1]"));
      if (devices.size() < devicesRules) {
        devices.add(
            rule(
                null,
                device + "/commands",
                "subscribe",
                "allow",
                0,
                ",\"qos\":[0,1],\"qos_mode\":\"downgrade\""));
      }
    }

    // Document order: what a policy editor produces; priority, not position, puts the tail last.
    List<String> all = new ArrayList<>(rules);
    all.addAll(head);
    all.addAll(regional);
    all.addAll(variable);
    all.addAll(devices);
    all.addAll(tail);
    if (all.size() != rules) {
      throw new IllegalStateException("generated " + all.size() + " rules, not " + rules);
    }
    return "{\"version\":\"2.0\",\"default_action\":\"deny\",\"rules\":[\n"
        + String.join(",\n", all)
        + "\n]}\n";
  }

  /** Parses the document and fails unless it is valid and free of warnings. */
  static ParseResult parseValid(String json) {
    ParseResult result = PolicyDocument.parse(json);
    if (!result.valid() || !result.problems().isEmpty()) {
      throw new IllegalStateException(
          "the benchmark policy has problems: "
              + result.problems().subList(0, Math.min(5, result.problems().size())));
    }
    return result;
  }

  private static String region(int site) {
    return REGIONS.get(site / SITES_PER_REGION);
  }

  private static String siteName(int site) {
    return "site-" + site % SITES_PER_REGION;
  }

  private static String rule(
      String name, String topic, String action, String effect, int priority, String extra) {
    StringBuilder b = new StringBuilder("{");
    if (name != null) {
      b.append("\"name\":\"").append(name).append("\",");
    }
    b.append("\"topic\":\"").append(topic).append('"');
    b.append(",\"action\":\"").append(action).append('"');
    b.append(",\"effect\":\"").append(effect).append('"');
    if (priority != 0) {
      b.append(",\"priority\":").append(priority);
    }
    return b.append(extra).append('}').toString();
  }
}
