package io.aviary.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world: its output streams, the environment, the home
 * directory and the terminal. Tests build one with their own values; {@link #system()} is the real
 * one.
 *
 * @param out the command's results
 * @param err messages and errors
 * @param env environment variables
 * @param home the user's home directory (for {@code ~/.config/aviary/config.properties})
 * @param in standard input, for confirmations
 * @param interactive whether standard input is a terminal a person can answer on
 */
record Context(
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    Path home,
    BufferedReader in,
    boolean interactive) {

  static Context system() {
    Charset outCharset = System.out.charset();
    Charset errCharset = System.err.charset();
    return new Context(
        new PrintWriter(System.out, true, outCharset),
        new PrintWriter(System.err, true, errCharset),
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())),
        stdinIsTerminal());
  }

  String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * Whether standard input is a terminal. JDK 22 added {@code Console.isTerminal()} (since then
   * {@code System.console()} is not null when redirected); on 21 a console exists only on a
   * terminal.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is asked where it exists
  private static boolean stdinIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
