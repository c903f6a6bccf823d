package io.aviary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.AclJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aviary acl simulate}: how a policy decides one publish or subscribe, and why. */
@Command(
    name = "simulate",
    // No standard -V/--version: --version selects a policy version here.
    usageHelpWidth = 100,
    sortOptions = false,
    description = {
      "Decide one publish or subscribe as a broker would and explain it: verdict, deciding rule,"
          + " bound topic and the trace of rules considered (POST /api/v1/orgs/{org}/acl/simulate)."
          + " Uses the active policy unless --policy FILE or --version N.",
      "--token verifies a real JWT at tenant-api (POST /api/v1/orgs/{org}/idps/test-token) and"
          + " uses the bindings a broker would derive from it as the identity.",
      "--batch FILE decides a JSON array of cases (POST .../acl/simulate/batch) and prints a"
          + " table; a case may state \"expect\": \"allow\" or \"deny\".",
      "--offline --policy FILE decides locally with the embedded engine, without a server."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:allowed (batch: every case allowed, or every case as expected when cases state"
          + " \"expect\")",
      "1:denied (batch: a case denied, or not as expected), the policy file is invalid, or the"
          + " token was refused",
      "2:usage error or unreadable file",
      "3:server or network error"
    })
final class SimulateCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Simulate this policy document instead of the active one.")
  Path policy;

  @Option(
      names = "--version",
      paramLabel = "N",
      description = "Simulate this stored version instead of the active one.")
  Long version;

  @Option(
      names = "--identity",
      paramLabel = "JSON",
      description = "The identity's claims as a JSON object, e.g. '{\"agent_id\":\"a1\"}'.")
  String identity;

  @Option(
      names = "--identity-file",
      paramLabel = "FILE",
      description = "The identity's claims from a JSON file.")
  Path identityFile;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      description =
          "A JWT from one of the organization's IdPs; tenant-api verifies it and its bindings"
              + " become the identity. Never printed.")
  String token;

  @Option(
      names = "--idp",
      paramLabel = "ID",
      description = "With --token: the IdP connection to verify it against (default: by issuer).")
  String idp;

  @Option(
      names = "--action",
      paramLabel = "publish|subscribe",
      description = "What the client does.")
  String action;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Topic name (publish) or filter (subscribe), as the client sees it.")
  String topic;

  @Option(
      names = "--qos",
      paramLabel = "0|1|2",
      defaultValue = "0",
      description = "QoS asked for (default ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "--retain", description = "The publish is retained.")
  boolean retain;

  @Option(
      names = "--source-ip",
      paramLabel = "IP",
      description = "The client's address, for source_cidr conditions (default: unknown).")
  String sourceIp;

  @Option(
      names = "--mqtt-version",
      paramLabel = "3.1|3.1.1|5.0",
      description =
          "The client's protocol version, for mqtt_version conditions (default: unknown).")
  String mqttVersion;

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description =
          "Decide every case of a JSON array (or {\"cases\": [...]}); each case is an object with"
              + " identity, action, topic and optionally qos, retain, source_ip, mqtt_version and"
              + " expect.")
  Path batch;

  @Option(
      names = "--offline",
      description = "Decide locally with the embedded engine; needs --policy, no server.")
  boolean offline;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  SimulateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    checkOptions();
    List<SimulationCase> cases = batch != null ? readBatch() : null;
    SimulationCase single = batch == null && token == null ? singleCase(claims()) : null;
    PolicyFile policyFile = policy == null ? null : PolicyFile.require(policy, context.err());
    if (offline) {
      return batch != null
          ? BatchReport.print(cases, localBatch(policyFile, cases), output.json, context.out())
          : printSingle(
              single, AclJson.simulation(single.simulate(policyFile.result().policy(), null)));
    }
    Platform platform = server.connect(context);
    if (batch != null) {
      ObjectNode body = Json.object();
      ArrayNode list = body.putArray("cases");
      cases.forEach(c -> list.add(c.toJson()));
      target(body, policyFile);
      JsonNode reply = platform.post(platform.acl("/simulate/batch"), body).json();
      return BatchReport.print(cases, Json.list(reply, "results"), output.json, context.out());
    }
    if (token != null) {
      single = singleCase(verifiedBindings(platform));
    }
    ObjectNode body = single.toJson();
    target(body, policyFile);
    return printSingle(single, platform.post(platform.acl("/simulate"), body).json());
  }

  private void checkOptions() {
    int identities =
        (identity != null ? 1 : 0) + (identityFile != null ? 1 : 0) + (token != null ? 1 : 0);
    if (policy != null && version != null) {
      throw CliException.usage("--policy and --version are alternatives; give one");
    }
    if (offline && policy == null) {
      throw CliException.usage(
          "--offline needs --policy FILE (the active policy is on the server)");
    }
    if (offline && (version != null || token != null)) {
      throw CliException.usage(
          "--offline cannot use %s: it needs the server",
          version != null ? "--version" : "--token (tenant-api verifies it)");
    }
    if (idp != null && token == null) {
      throw CliException.usage("--idp goes with --token");
    }
    if (batch != null) {
      if (identities > 0 || action != null || topic != null) {
        throw CliException.usage(
            "--batch takes each case's identity, action and topic from its file");
      }
      return;
    }
    if (identities != 1) {
      throw CliException.usage(
          "give the identity with exactly one of --identity, --identity-file or --token");
    }
    if (action == null || topic == null) {
      throw CliException.usage("--action and --topic are required (or --batch FILE)");
    }
  }

  private JsonNode claims() {
    if (identityFile != null) {
      return PolicyFile.readJson(identityFile, "identity file");
    }
    try {
      return Json.MAPPER.readTree(identity);
    } catch (JsonProcessingException e) {
      throw CliException.usage(
          "--identity is not valid JSON: %s; e.g. '{\"agent_id\":\"a1\"}'", e.getOriginalMessage());
    }
  }

  private SimulationCase singleCase(JsonNode claims) {
    return SimulationCase.of(
        identityFile != null ? identityFile.toString() : null,
        claims,
        action,
        topic,
        qos,
        retain,
        sourceIp,
        mqttVersion,
        null);
  }

  /** The bindings tenant-api derives from {@link #token}, or exit 1 when it refuses the token. */
  private JsonNode verifiedBindings(Platform platform) {
    ObjectNode body = Json.object().put("token", token);
    if (idp != null) {
      body.put("idp_id", idp);
    }
    JsonNode result = platform.post(platform.tenantOrg("/idps/test-token"), body).json();
    if (!result.path("verified").asBoolean(false)) {
      throw CliException.failed(
          "the token was refused: %s: %s",
          String.valueOf(Json.text(result, "reason")), String.valueOf(Json.text(result, "detail")));
    }
    JsonNode bindings = result.get("bindings");
    if (bindings == null || !bindings.isObject()) {
      throw CliException.server("test-token reply has no bindings object");
    }
    if (!output.json) {
      context
          .err()
          .println(
              "token verified by IdP connection "
                  + Json.text(result, "connection_id")
                  + "; identity: "
                  + Json.compact(bindings));
    }
    return bindings;
  }

  private void target(ObjectNode body, PolicyFile policyFile) {
    if (policyFile != null) {
      body.set("policy", policyFile.document());
    } else if (version != null) {
      body.put("version", version.longValue());
    }
  }

  private List<SimulationCase> readBatch() {
    JsonNode node = PolicyFile.readJson(batch, "batch file");
    JsonNode list = node.isObject() ? node.get("cases") : node;
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw CliException.usage("batch file %s must hold a non-empty JSON array of cases", batch);
    }
    List<SimulationCase> cases = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      cases.add(SimulationCase.fromJson(list.get(i), batch + ": case " + (i + 1)));
    }
    return cases;
  }

  private static ArrayNode localBatch(PolicyFile policyFile, List<SimulationCase> cases) {
    ArrayNode results = Json.MAPPER.createArrayNode();
    for (int i = 0; i < cases.size(); i++) {
      results.add(
          AclJson.simulation(
              cases.get(i).simulate(policyFile.result().policy(), "case " + (i + 1))));
    }
    return results;
  }

  private int printSingle(SimulationCase c, JsonNode result) {
    if (output.json) {
      context.out().println(Json.pretty(result));
    } else {
      context.out().println("case:        " + Render.probe(c.toJson()));
      Render.simulation(result, context.out());
    }
    return Render.allowed(result) ? Exit.OK : Exit.FAILED;
  }
}
