package io.aviary.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with its own environment, home, stdin and captured output. */
final class Cli {
  private final Path home;
  private final Map<String, String> env = new HashMap<>();
  private String stdin = "";
  private boolean interactive;

  private Cli(Path home) {
    this.home = home;
  }

  /** A CLI whose home directory is {@code home} (never the real one) and whose env is empty. */
  static Cli at(Path home) {
    return new Cli(home);
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Standard input is a terminal on which a person types {@code answer}. */
  Cli terminal(String answer) {
    this.interactive = true;
    this.stdin = answer;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context context =
        new Context(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.copyOf(env),
            home,
            new BufferedReader(new StringReader(stdin)),
            interactive);
    int code = Main.run(args, context);
    return new Result(code, out.toString(), err.toString());
  }

  /** What one run did. */
  record Result(int code, String out, String err) {}
}
