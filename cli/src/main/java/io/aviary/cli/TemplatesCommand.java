package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aviary.acl.AclJson;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Template;
import io.aviary.acl.Templates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary acl templates}: the preset policies. */
@Command(
    name = "templates",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "List the preset policy templates (id, name, description) from acl-service"
          + " (GET /api/v1/acl/templates), or the engine's built-in ones with --offline.",
      "'templates show ID' prints one as a policy document to start from."
    },
    subcommands = TemplatesCommand.Show.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:usage or configuration error", "3:server or network error"})
final class TemplatesCommand implements Callable<Integer> {
  private final Context context;

  @Option(names = "--offline", description = "List the built-in templates; no server.")
  boolean offline;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  TemplatesCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JsonNode templates;
    if (offline) {
      ArrayNode local = Json.MAPPER.createArrayNode();
      Templates.all().forEach(t -> local.add(AclJson.template(t)));
      templates = local;
    } else {
      Platform platform = server.connect(context);
      templates = platform.get(platform.aclService("/api/v1/acl/templates")).json();
    }
    if (output.json) {
      context.out().println(Json.pretty(templates));
      return Exit.OK;
    }
    JsonNode list = Json.list(templates, "templates");
    int width = 2;
    for (JsonNode t : list) {
      width = Math.max(width, String.valueOf(Json.text(t, "id")).length());
    }
    int nameWidth = 4;
    for (JsonNode t : list) {
      nameWidth = Math.max(nameWidth, String.valueOf(Json.text(t, "name")).length());
    }
    String format = "%-" + width + "s  %-" + nameWidth + "s  %s%n";
    context.out().printf(format, "ID", "NAME", "DESCRIPTION");
    for (JsonNode t : list) {
      context
          .out()
          .printf(
              format,
              Json.text(t, "id"),
              Json.text(t, "name"),
              String.valueOf(Json.text(t, "description")));
    }
    return Exit.OK;
  }

  /** {@code aviary acl templates show ID}: a template's policy document, from the engine. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      usageHelpWidth = 100,
      description = {
        "Print a built-in template's policy document (no server), e.g."
            + " 'aviary acl templates show agent-pipelines > policy.json'.",
        "With --json: the template's id, name, description and policy."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:printed", "2:no such template"})
  static final class Show implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "ID", description = "Template id, e.g. agent-pipelines.")
    String id;

    @Mixin Options.Output output;

    Show(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Template template =
          Templates.get(id)
              .orElseThrow(
                  () ->
                      CliException.usage(
                          "no template '%s'; templates: %s",
                          id,
                          String.join(", ", Templates.all().stream().map(Template::id).toList())));
      if (output.json) {
        context.out().println(Json.pretty(AclJson.template(template)));
      } else {
        String document = PolicyDocument.write(template.policy());
        context.out().print(document.endsWith("\n") ? document : document + "\n");
      }
      return Exit.OK;
    }
  }
}
