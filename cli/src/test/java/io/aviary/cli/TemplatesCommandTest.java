package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template commands that need no server. */
class TemplatesCommandTest {
  @TempDir Path home;

  @Test
  void offlineListsTheFiveBuiltInTemplates() {
    Cli.Result result = Cli.at(home).run("acl", "templates", "--offline");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out().lines().map(l -> l.split(" ")[0]))
        .containsExactly(
            "ID",
            Templates.PERMIT_ALL_ID,
            Templates.NOTIFICATIONS_ID,
            Templates.AGENT_PIPELINES_ID,
            Templates.CHAT_CHANNELS_ID,
            Templates.BLANK_ID);
  }

  @Test
  void showPrintsAPolicyDocumentThatValidates() {
    Cli.Result result = Cli.at(home).run("acl", "templates", "show", "agent-pipelines");

    assertThat(result.code()).isZero();
    assertThat(PolicyDocument.parse(result.out()).valid()).isTrue();
    assertThat(PolicyDocument.parse(result.out()).policy())
        .isEqualTo(Templates.get("agent-pipelines").orElseThrow().policy());
  }

  @Test
  void showOfAnUnknownTemplateListsTheKnownOnes() {
    Cli.Result result = Cli.at(home).run("acl", "templates", "show", "nope");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("no template 'nope'").contains("agent-pipelines");
  }
}
