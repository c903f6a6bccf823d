package io.aviary.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.AclJson;
import io.aviary.acl.ParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary acl validate FILE...}: the engine's validation, locally, with no server. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Validate policy files locally (no server). Prints every problem as"
          + " FILE:LINE:COLUMN: error|warning: message (at /json/pointer), then a summary line"
          + " per file.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file is valid (warnings allowed unless --strict)",
      "1:a file is invalid (or has warnings, with --strict)",
      "2:a file cannot be read"
    })
final class ValidateCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "ACL v2 policy documents.")
  List<Path> files;

  @Option(names = "--strict", description = "Fail on warnings too.")
  boolean strict;

  @Mixin Options.Output output;

  ValidateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    int exit = Exit.OK;
    ObjectNode json = Json.object();
    ArrayNode results = Json.MAPPER.createArrayNode();
    for (Path path : files) {
      PolicyFile file;
      try {
        file = PolicyFile.load(path);
      } catch (CliException e) {
        context.err().println("aviary: " + e.getMessage());
        results.addObject().put("file", path.toString()).put("error", e.getMessage());
        exit = Exit.USAGE;
        continue;
      }
      ParseResult result = file.result();
      boolean passed = result.valid() && !(strict && !result.warnings().isEmpty());
      if (!passed && exit == Exit.OK) {
        exit = Exit.FAILED;
      }
      if (output.json) {
        ObjectNode entry = AclJson.validation(result);
        entry.put("passed", passed);
        results.addObject().put("file", path.toString()).setAll(entry);
      } else {
        file.printProblems(context.out());
        context.out().println(summary(path, result, passed));
      }
    }
    if (output.json) {
      json.put("valid", exit == Exit.OK);
      json.set("files", results);
      context.out().println(Json.pretty(json));
    }
    return exit;
  }

  /** {@code policy.json: invalid, 2 errors, 1 warning}. */
  private String summary(Path path, ParseResult result, boolean passed) {
    List<String> parts = new ArrayList<>();
    if (passed) {
      parts.add("valid");
    } else {
      parts.add(result.valid() ? "invalid under --strict" : "invalid");
      parts.add(Problems.count(result.errors().size(), "error"));
    }
    if (!passed || !result.warnings().isEmpty()) {
      parts.add(Problems.count(result.warnings().size(), "warning"));
    }
    return path + ": " + String.join(", ", parts);
  }
}
