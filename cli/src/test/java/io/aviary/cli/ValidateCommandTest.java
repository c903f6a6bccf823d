package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  private Cli.Result validate(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "acl";
    all[1] = "validate";
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.at(dir).run(all);
  }

  @Test
  void validFileExitsZeroWithASummary() {
    Path file = Policies.write(dir, "good.json", Policies.AGENTS);

    Cli.Result result = validate(file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo(file + ": valid" + System.lineSeparator());
    assertThat(result.err()).isEmpty();
  }

  @Test
  void invalidFilePrintsFileLineColumnSeverityMessageAndPointer() {
    Path file = Policies.write(dir, "bad.json", Policies.BAD_ACTION);

    Cli.Result result = validate(file.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out().lines())
        .first()
        .asString()
        .startsWith(file + ":5:33: error: ")
        .endsWith(" (at /rules/0/action)");
    assertThat(result.out().lines()).last().asString().startsWith(file + ": invalid, 1 error");
  }

  @Test
  void warningsPassUnlessStrict() {
    Path file = Policies.write(dir, "shadowed.json", Policies.SHADOWED);

    Cli.Result lenient = validate(file.toString());
    Cli.Result strict = validate("--strict", file.toString());

    assertThat(lenient.code()).isZero();
    assertThat(lenient.out()).contains(": warning: ").contains(file + ": valid, 1 warning");
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out()).contains(file + ": invalid under --strict, 0 errors, 1 warning");
  }

  @Test
  void missingFileExitsTwoNamingIt() {
    Path missing = dir.resolve("nope.json");

    Cli.Result result = validate(missing.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("aviary: cannot read " + missing + ": no such file");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void directoryIsUnreadable() {
    Cli.Result result = validate(dir.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("aviary: cannot read " + dir + ": is a directory");
  }

  @Test
  void unreadableFileWinsOverInvalidAndTheOthersAreStillChecked() {
    Path bad = Policies.write(dir, "bad.json", Policies.BAD_ACTION);
    Path missing = dir.resolve("nope.json");

    Cli.Result result = validate(bad.toString(), missing.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).contains(bad + ": invalid");
    assertThat(result.err()).contains(missing + ": no such file");
  }

  @Test
  void jsonReportsEveryFileWithPointersAndPositions() throws Exception {
    Path good = Policies.write(dir, "good.json", Policies.AGENTS);
    Path bad = Policies.write(dir, "bad.json", Policies.BAD_ACTION);

    Cli.Result result = validate("--json", good.toString(), bad.toString());

    assertThat(result.code()).isEqualTo(1);
    JsonNode json = Json.MAPPER.readTree(result.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.at("/files/0/file").asText()).isEqualTo(good.toString());
    assertThat(json.at("/files/0/valid").asBoolean()).isTrue();
    assertThat(json.at("/files/1/valid").asBoolean()).isFalse();
    JsonNode problem = json.at("/files/1/problems/0");
    assertThat(problem.get("severity").asText()).isEqualTo("error");
    assertThat(problem.get("pointer").asText()).isEqualTo("/rules/0/action");
    assertThat(problem.get("line").asInt()).isEqualTo(5);
    assertThat(problem.get("column").asInt()).isEqualTo(33);
  }

  @Test
  void noFileIsAUsageError() {
    Cli.Result result = validate();

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required parameter");
  }

  @Test
  void notUtf8IsUnreadable() throws Exception {
    Path file = Files.write(dir.resolve("latin1.json"), new byte[] {'{', (byte) 0xE9, '}'});

    Cli.Result result = validate(file.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains(file + ": not UTF-8 text");
  }
}
