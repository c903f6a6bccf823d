package io.aviary.loadgen;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/** Entry point: {@code java -jar aviary-loadgen.jar --scenario NAME [options]}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Parses {@code args}, runs the scenario and prints the result to {@code out}.
   *
   * @return the exit status: 0 on a completed run, 1 on a failed run or error, 2 on invalid options
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(new LoadGenCommand(out, err))
        .setOut(new PrintWriter(out, true, charset(out)))
        .setErr(new PrintWriter(err, true, charset(err)))
        .setExecutionExceptionHandler(
            (ex, commandLine, parseResult) -> {
              commandLine.getErr().println("aviary-loadgen: error: " + ErrorLog.describe(ex));
              return 1;
            })
        .execute(args);
  }

  static CommandLine commandLine(LoadGenCommand command) {
    return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static Charset charset(PrintStream stream) {
    return stream.charset();
  }
}
