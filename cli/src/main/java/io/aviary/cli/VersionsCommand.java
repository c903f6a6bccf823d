package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aviary acl versions}: the stored policy versions, the active one marked. */
@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description =
        "List the organization's stored policy versions, newest first (GET"
            + " /api/v1/orgs/{org}/acl/versions); the active one is marked with *. Version 0 is"
            + " the built-in Blank policy.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:usage or configuration error", "3:server or network error"})
final class VersionsCommand implements Callable<Integer> {
  private final Context context;

  @Mixin Options.Output output;
  @Mixin Options.Server server;

  VersionsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Platform platform = server.connect(context);
    JsonNode reply = platform.get(platform.acl("/versions")).json();
    if (output.json) {
      context.out().println(Json.pretty(reply));
      return Exit.OK;
    }
    String activeVersion = Json.text(reply, "active_version");
    JsonNode versions = Json.list(reply, "versions");
    boolean comments = false;
    for (JsonNode v : versions) {
      comments |= Json.text(v, "comment") != null;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(row(comments, "", "VERSION", "CREATED", "BY", "RULES", "COMMENT"));
    for (JsonNode v : versions) {
      String version = String.valueOf(Json.text(v, "version"));
      boolean active = v.path("active").asBoolean(false) || version.equals(activeVersion);
      rows.add(
          row(
              comments,
              active ? "*" : "",
              version,
              orEmpty(Json.text(v, "created_at")),
              orEmpty(Json.text(v, "created_by")),
              orEmpty(Json.text(v, "rule_count")),
              orEmpty(Json.text(v, "comment"))));
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int col = 0; col < row.length; col++) {
        width[col] = Math.max(width[col], row[col].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < row.length; col++) {
        line.append(row[col]).append(" ".repeat(width[col] - row[col].length()));
        if (col < row.length - 1) {
          line.append(col == 0 ? " " : "  ");
        }
      }
      context.out().println(line.toString().stripTrailing());
    }
    return Exit.OK;
  }

  /** The cells of one row; the comment column only when some version has a comment. */
  private static String[] row(boolean comments, String... cells) {
    return comments ? cells : Arrays.copyOf(cells, cells.length - 1);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
