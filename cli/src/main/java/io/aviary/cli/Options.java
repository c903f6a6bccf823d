package io.aviary.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Option groups shared by several commands. */
final class Options {
  private Options() {}

  /** {@code --json}, on every command. */
  static final class Output {
    @Option(
        names = "--json",
        description = "Print machine-readable JSON on stdout instead of text.")
    boolean json;
  }

  /** Where the platform is and who we are, for commands that talk to it. */
  static final class Server {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "Config file with api_url, acl_url and api_key (default $AVIARY_CONFIG, else"
                + " ~/.config/aviary/config.properties); must not be accessible by group or"
                + " others.")
    Path config;

    @Option(
        names = "--org",
        paramLabel = "ORG_ID",
        description = "Organization to act on (default: the one the API key belongs to).")
    String org;

    Platform connect(Context context) {
      return new Platform(Config.load(config, context), org, new Http());
    }
  }
}
