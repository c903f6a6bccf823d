package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary acl activate VERSION}: make a stored version the active one, e.g. to roll back. */
@Command(
    name = "activate",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description =
        "Activate a stored policy version, e.g. to roll back"
            + " (POST /api/v1/orgs/{org}/acl/versions/{version}/activate); 0 activates the Blank"
            + " policy (deny everything).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:activated",
      "2:usage or configuration error",
      "3:server or network error (including no such version)"
    })
final class ActivateCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "VERSION", description = "The version number, as 'versions' lists it.")
  long version;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  ActivateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (version < 0) {
      throw CliException.usage("VERSION must not be negative (was %d)", version);
    }
    Platform platform = server.connect(context);
    HttpReply reply = platform.post(platform.acl("/versions/" + version + "/activate"), null);
    if (!reply.ok()) {
      throw reply.failure();
    }
    if (output.json) {
      JsonNode body = reply.jsonOrNull();
      context
          .out()
          .println(Json.pretty(body != null ? body : Json.object().put("version", version)));
    } else {
      context.out().println("version " + version + " is now active for " + platform.org());
    }
    return Exit.OK;
  }
}
