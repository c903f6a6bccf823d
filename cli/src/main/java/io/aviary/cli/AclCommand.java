package io.aviary.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aviary acl}: ACL v2 policies. */
@Command(
    name = "acl",
    mixinStandardHelpOptions = true,
    version = "aviary 0.1.0",
    usageHelpWidth = 100,
    description = {
      "Validate, simulate, diff and update ACL v2 policies.",
      "validate, templates --offline, templates show and simulate --offline need no server; the"
          + " others talk to acl-service with a platform token obtained for your API key."
    },
    subcommands = {
      ValidateCommand.class,
      TemplatesCommand.class,
      PullCommand.class,
      DiffCommand.class,
      UpdateCommand.class,
      SimulateCommand.class,
      VersionsCommand.class,
      ActivateCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:invalid policy, denied, refused, cancelled, or differences found",
      "2:usage error, unreadable file, missing or unsafe configuration",
      "3:server or network error"
    })
final class AclCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
