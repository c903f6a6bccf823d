package io.aviary.cli;

import picocli.CommandLine;

/** Entry point: {@code java -jar aviary-cli.jar acl <command> [options]}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, Context.system()));
  }

  /**
   * Runs one command line.
   *
   * @return the exit status: 0 ok, 1 invalid policy, denied, refused or differences found, 2 usage
   *     error, 3 server or network error
   */
  static int run(String[] args, Context context) {
    CommandLine commandLine = commandLine(context);
    int code = commandLine.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  static CommandLine commandLine(Context context) {
    return new CommandLine(new AviaryCommand(), new Factory(context))
        .setOut(context.out())
        .setErr(context.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (ex, cmd, parseResult) -> {
              if (ex instanceof CliException cli) {
                if (!cli.getMessage().isEmpty()) {
                  cmd.getErr().println("aviary: " + cli.getMessage());
                }
                return cli.exitCode();
              }
              cmd.getErr().println("aviary: unexpected error: " + ex);
              return Exit.FAILED;
            });
  }

  /** Gives every command and option group that wants one the {@link Context}. */
  private record Factory(Context context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(Context.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
