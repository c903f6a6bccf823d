package io.aviary.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policy documents the tests write to files. */
final class Policies {
  /** Valid: agents publish under their own id. */
  static final String AGENTS =
      """
      {
        "version": "2.0",
        "default_action": "deny",
        "rules": [
          { "name": "publish-own", "topic": "agents/{agent_id}/out", "action": "publish", "effect": "allow" },
          { "name": "inbox", "topic": "agents/{agent_id}/in", "action": "subscribe", "effect": "allow" }
        ]
      }
      """;

  /** Invalid: line 5, column 33 is the value of {@code /rules/0/action}. */
  static final String BAD_ACTION =
      """
      {
        "version": "2.0",
        "default_action": "deny",
        "rules": [
          { "topic": "a/b", "action": "publsh", "effect": "allow" }
        ]
      }
      """;

  /** Valid but the second rule can never decide: the first matches everything it does. */
  static final String SHADOWED =
      """
      {
        "version": "2.0",
        "default_action": "deny",
        "rules": [
          { "topic": "a/#", "action": "publish", "effect": "allow" },
          { "topic": "a/b", "action": "publish", "effect": "deny" }
        ]
      }
      """;

  private Policies() {}

  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
