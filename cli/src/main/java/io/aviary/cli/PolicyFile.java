package io.aviary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aviary.acl.ParseResult;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A policy document read from a file and validated by the engine.
 *
 * @param path the file as given on the command line
 * @param text its content, exactly as sent to the server
 * @param result what validation found
 */
record PolicyFile(Path path, String text, ParseResult result) {

  /** Reads and validates {@code path}; an unreadable file is a usage error (exit 2). */
  static PolicyFile load(Path path) {
    String text = read(path);
    return new PolicyFile(path, text, PolicyDocument.parse(text));
  }

  /**
   * Reads and validates {@code path} for a command that needs a valid policy: every problem goes to
   * {@code err}, and an invalid policy ends the command with exit 1.
   */
  static PolicyFile require(Path path, PrintWriter err) {
    PolicyFile file = load(path);
    file.printProblems(err);
    if (!file.result().valid()) {
      throw CliException.failed(
          "%s is not a valid policy (%s)",
          path, Problems.count(file.result().errors().size(), "error"));
    }
    return file;
  }

  /** The file's text; the message of the usage error names the file and why. */
  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.usage("cannot read %s: no such file", path);
    } catch (AccessDeniedException e) {
      throw CliException.usage("cannot read %s: permission denied", path);
    } catch (CharacterCodingException e) {
      throw CliException.usage("cannot read %s: not UTF-8 text", path);
    } catch (IOException e) {
      throw CliException.usage(
          "cannot read %s: %s", path, Files.isDirectory(path) ? "is a directory" : e.getMessage());
    }
  }

  /** A JSON file given as an option value (identity, cases); not valid JSON is a usage error. */
  static JsonNode readJson(Path path, String what) {
    String text = read(path);
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw CliException.usage("%s %s is not valid JSON: %s", what, path, e.getOriginalMessage());
    }
  }

  /** The document as JSON, to embed in a request body. Only called on a valid policy. */
  JsonNode document() {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  void printProblems(PrintWriter out) {
    for (Problem problem : result.problems()) {
      out.println(Problems.format(path.toString(), problem));
    }
  }
}
