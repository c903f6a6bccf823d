package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary acl diff FILE}: what changes if FILE replaced the active (or a given) version. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Compare a policy file with the active version (or --against VERSION) on the server"
          + " (POST /api/v1/orgs/{org}/acl/diff): rule changes as '+ added', '- removed',"
          + " '~ changed' by rule name or /rules/N, then the cases whose decision changes.",
      "The file is validated locally first."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no differences",
      "1:differences found, or the file is not a valid policy",
      "2:usage error or unreadable file",
      "3:server or network error"
    })
final class DiffCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "FILE", description = "The new policy document.")
  Path file;

  @Option(
      names = "--against",
      paramLabel = "VERSION",
      description = "Compare with this stored version instead of the active one.")
  Long against;

  @Option(
      names = "--cases",
      paramLabel = "FILE",
      description =
          "JSON array of cases to decide under both versions, each like simulate's body:"
              + " {\"identity\": {...}, \"action\": \"publish\", \"topic\": \"...\"}.")
  Path cases;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  DiffCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JsonNode caseList = cases == null ? null : readCases(cases);
    PolicyFile policy = PolicyFile.require(file, context.err());
    Platform platform = server.connect(context);
    String from = against == null ? "active" : "version " + against;
    JsonNode diff = diff(platform, against, policy, caseList);
    boolean different;
    if (output.json) {
      context.out().println(Json.pretty(diff));
      different = differs(diff);
    } else {
      context.out().println("--- " + from);
      context.out().println("+++ " + file);
      different = Render.diff(diff, context.out());
    }
    return different ? Exit.FAILED : Exit.OK;
  }

  /**
   * Asks the server for the diff from version {@code from} (null: the active one) to {@code
   * policy}; a 422 ends the command with exit 1.
   */
  static JsonNode diff(Platform platform, Long from, PolicyFile policy, JsonNode cases) {
    ObjectNode body = Json.object();
    if (from != null) { // absent means the active policy
      body.put("from", from.longValue());
    }
    body.set("to", policy.document());
    if (cases != null) {
      body.set("cases", cases);
    }
    HttpReply reply = platform.post(platform.acl("/diff"), body);
    if (reply.status() == 422) {
      throw CliException.failed("the server refused the diff: %s", ServerProblem.describe(reply));
    }
    return reply.json();
  }

  static boolean differs(JsonNode diff) {
    return diff.path("default_changed").asBoolean(false)
        || !Json.list(diff.get("rules")).isEmpty()
        || !Json.list(diff.get("decisions")).isEmpty();
  }

  /** A JSON array of cases, or an object with a {@code cases} array. */
  static JsonNode readCases(Path path) {
    JsonNode node = PolicyFile.readJson(path, "cases file");
    JsonNode list = node.isObject() ? node.get("cases") : node;
    if (list == null || !list.isArray()) {
      throw CliException.usage("cases file %s must hold a JSON array of case objects", path);
    }
    for (JsonNode c : list) {
      if (!c.isObject()) {
        throw CliException.usage("cases file %s must hold a JSON array of case objects", path);
      }
    }
    return list;
  }
}
