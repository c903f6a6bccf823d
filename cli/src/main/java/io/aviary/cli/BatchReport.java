package io.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of a batch simulation, and its exit status. */
final class BatchReport {
  private BatchReport() {}

  /**
   * Prints one row per case (or the results as JSON).
   *
   * @return 0 when every case is allowed or, when cases state {@code expect}, as expected; else 1
   */
  static int print(List<SimulationCase> cases, JsonNode results, boolean json, PrintWriter out) {
    if (results.size() != cases.size()) {
      throw CliException.server(
          "the batch reply has %d results for %d cases", results.size(), cases.size());
    }
    boolean expectations = cases.stream().anyMatch(c -> c.expect() != null);
    int denied = 0;
    int unexpected = 0;
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      SimulationCase c = cases.get(i);
      JsonNode result = results.get(i);
      String verdict = Render.allowed(result) ? "allow" : "deny";
      JsonNode decision = result.has("decision") ? result.get("decision") : result;
      boolean asExpected = c.expect() == null || c.expect().equals(verdict);
      denied += "deny".equals(verdict) ? 1 : 0;
      unexpected += asExpected ? 0 : 1;
      rows.add(
          new String[] {
            String.valueOf(i + 1),
            verdict,
            Render.ruleLabel(decision.get("rule")),
            c.expect() == null
                ? ""
                : (asExpected ? "ok" : "EXPECTED " + c.expect().toUpperCase(Locale.ROOT)),
            Render.probe(c.toJson())
          });
    }
    if (json) {
      out.println(Json.pretty(results));
    } else {
      printTable(rows, expectations, out);
      out.println(
          Problems.count(cases.size(), "case")
              + ": "
              + (cases.size() - denied)
              + " allowed, "
              + denied
              + " denied"
              + (expectations ? ", " + unexpected + " not as expected" : ""));
    }
    return (expectations ? unexpected == 0 : denied == 0) ? Exit.OK : Exit.FAILED;
  }

  private static void printTable(List<String[]> rows, boolean expectations, PrintWriter out) {
    String[] header = {"#", "VERDICT", "RULE", "EXPECT", "CASE"};
    int[] width = new int[header.length];
    for (int col = 0; col < header.length; col++) {
      width[col] = header[col].length();
      for (String[] row : rows) {
        width[col] = Math.max(width[col], row[col].length());
      }
    }
    List<String[]> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (String[] row : all) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < row.length; col++) {
        if (col == 3 && !expectations) {
          continue;
        }
        String cell = row[col];
        line.append(col == row.length - 1 ? cell : String.format("%-" + width[col] + "s  ", cell));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
