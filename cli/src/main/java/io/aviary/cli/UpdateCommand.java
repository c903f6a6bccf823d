package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aviary acl update FILE}: validate, show the diff, confirm, then store (and activate) the
 * file as a new version, only if the active version is still the one the diff was made against.
 */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Validate FILE locally, show its diff against the active version, ask for confirmation,"
          + " then store it as a new version and activate it (PUT /api/v1/orgs/{org}/acl with"
          + " If-Match: the active version the diff was made against).",
      "Without a terminal on stdin, --yes is required."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stored (or nothing to change)",
      "1:invalid policy, cancelled, or the active policy changed since the diff",
      "2:usage error, unreadable file, or no terminal to confirm on without --yes",
      "3:server or network error"
    })
final class UpdateCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "FILE", description = "The new policy document.")
  Path file;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Option(
      names = "--no-activate",
      description =
          "Store the new version without activating it (activate it later with 'activate').")
  boolean noActivate;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description =
          "A note kept with the new version (at most 500 characters) and shown by aviary acl"
              + " versions.")
  String comment;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  UpdateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!yes && !context.interactive()) {
      throw CliException.usage(
          "stdin is not a terminal, so update cannot ask for confirmation; pass --yes");
    }
    PolicyFile policy = PolicyFile.require(file, context.err());
    Platform platform = server.connect(context);

    HttpReply active = platform.get(platform.acl(""));
    active.json();
    String activeVersion = PullCommand.version(active);
    if (activeVersion == null) {
      throw CliException.server(
          "GET %s: the reply names no active version (%s header)",
          active.uri(), PullCommand.VERSION_HEADER);
    }
    JsonNode diff = DiffCommand.diff(platform, Long.parseLong(activeVersion), policy, null);
    if (!output.json) {
      context.out().println("--- version " + activeVersion + " (active)");
      context.out().println("+++ " + file);
      Render.diff(diff, context.out());
    }
    if (!DiffCommand.differs(diff)) {
      if (output.json) {
        ObjectNode json = Json.object().put("updated", false);
        json.put("version", Long.parseLong(activeVersion));
        json.set("diff", diff);
        context.out().println(Json.pretty(json));
      } else {
        context.out().println("nothing to update: same rules as active version " + activeVersion);
      }
      return Exit.OK;
    }
    if (!yes && !confirm(platform.org())) {
      throw CliException.failed("update cancelled");
    }

    HttpReply reply =
        platform.send(
            "PUT",
            putUri(platform),
            policy.text(),
            Map.of("If-Match", "\"" + activeVersion + "\""));
    if (reply.status() == 412) {
      String now = PullCommand.version(reply);
      if (now == null) {
        now = PullCommand.version(platform.get(platform.acl("")));
      }
      throw CliException.failed(
          "the active policy changed since the diff (now version %s); run update again",
          now == null ? "unknown" : now);
    }
    if (reply.status() == 422) {
      JsonNode problem = reply.jsonOrNull();
      List<String> lines = new ArrayList<>();
      for (JsonNode error : Json.list(problem == null ? null : problem.get("errors"))) {
        lines.add(Problems.format(file.toString(), error));
      }
      lines.forEach(context.err()::println);
      throw CliException.failed(
          "the server refused %s: %s",
          file,
          lines.isEmpty()
              ? ServerProblem.describe(reply)
              : Problems.count(lines.size(), "problem"));
    }
    JsonNode body = reply.ok() && reply.jsonOrNull() != null ? reply.jsonOrNull() : null;
    if (!reply.ok()) {
      throw reply.failure();
    }
    String version = PullCommand.version(reply);
    if (output.json) {
      ObjectNode json = Json.object().put("updated", true);
      if (version == null) {
        json.putNull("version");
      } else {
        json.put("version", Long.parseLong(version));
      }
      json.put("active", !noActivate);
      if (body != null) {
        json.set("reply", body);
      }
      json.set("diff", diff);
      context.out().println(Json.pretty(json));
    } else if (noActivate) {
      context
          .out()
          .println(
              "stored version "
                  + version
                  + ", not active; activate it with: aviary acl activate "
                  + version);
    } else {
      context.out().println("version " + version + " is now active (was " + activeVersion + ")");
    }
    return Exit.OK;
  }

  private URI putUri(Platform platform) {
    List<String> query = new ArrayList<>();
    if (noActivate) {
      query.add("activate=false");
    }
    if (comment != null) {
      query.add("comment=" + Platform.encode(comment));
    }
    return platform.acl(query.isEmpty() ? "" : "?" + String.join("&", query));
  }

  private boolean confirm(String org) {
    context
        .out()
        .print(
            (noActivate ? "Store this policy as a new version of " : "Activate this policy for ")
                + org
                + "? [y/N] ");
    context.out().flush();
    try {
      String answer = context.in().readLine();
      return answer != null
          && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    } catch (IOException e) {
      return false;
    }
  }
}
