package io.aviary.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aviary}: the platform's command-line tool. */
@Command(
    name = "aviary",
    mixinStandardHelpOptions = true,
    version = "aviary 0.1.0",
    usageHelpWidth = 100,
    description = "Aviary command-line tool.",
    subcommands = AclCommand.class)
final class AviaryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
