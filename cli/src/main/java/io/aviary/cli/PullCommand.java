package io.aviary.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aviary acl pull}: the active policy, as the server returns it. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Download the organization's active policy (GET /api/v1/orgs/{org}/acl) to FILE or"
          + " stdout, exactly as returned; its version goes to stderr.",
      "With --json: {\"version\": N, \"policy\": {...}} on stdout (or {\"version\", \"file\"}"
          + " with -o)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "2:usage or configuration error, or FILE cannot be written",
      "3:server or network error"
    })
final class PullCommand implements Callable<Integer> {
  static final String VERSION_HEADER = "Aviary-Acl-Version";

  private final Context context;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the policy here instead of stdout.")
  Path file;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  /**
   * The policy version a reply is about: its {@code Aviary-Acl-Version} header, else its ETag, else
   * a {@code version} member of its body; null when none is a number.
   */
  static String version(HttpReply reply) {
    String version = reply.header(VERSION_HEADER);
    if (version == null && reply.header("ETag") != null) {
      version = reply.header("ETag").replace("W/", "").replace("\"", "");
    }
    if (version == null && reply.jsonOrNull() != null) {
      version = Json.text(reply.jsonOrNull(), "version");
    }
    return version != null && version.strip().matches("[0-9]{1,18}") ? version.strip() : null;
  }

  PullCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Platform platform = server.connect(context);
    HttpReply reply = platform.get(platform.acl(""));
    reply.json();
    String document = reply.body().endsWith("\n") ? reply.body() : reply.body() + "\n";
    String version = version(reply);
    if (file != null) {
      try {
        Files.writeString(file, document, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliException.usage("cannot write %s: %s", file, e.getMessage());
      }
    }
    if (output.json) {
      var json = Json.object();
      if (version == null) {
        json.putNull("version");
      } else {
        json.put("version", Long.parseLong(version));
      }
      if (file != null) {
        json.put("file", file.toString());
      } else {
        json.set("policy", reply.json());
      }
      context.out().println(Json.pretty(json));
    } else if (file == null) {
      context.out().print(document);
    }
    context
        .err()
        .println(
            "active policy of "
                + platform.org()
                + ": version "
                + (version == null ? "unknown" : version)
                + (file == null ? "" : ", written to " + file));
    return Exit.OK;
  }
}
