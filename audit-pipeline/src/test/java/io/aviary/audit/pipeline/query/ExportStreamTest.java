package io.aviary.audit.pipeline.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportStreamTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "=1+1|'=1+1",
        "+cmd|'+cmd",
        "-2|'-2",
        "@SUM(A1)|'@SUM(A1)",
        "sensor-1|sensor-1",
        "site/=x|site/=x",
        "'quoted|'quoted"
      })
  void cellsASpreadsheetWouldEvaluateGetALeadingQuote(String cell, String exported) {
    assertThat(ExportStream.spreadsheetSafe(cell)).isEqualTo(exported);
  }

  @org.junit.jupiter.api.Test
  void tabsCarriageReturnsEmptyAndMissingCells() {
    assertThat(ExportStream.spreadsheetSafe("\tx")).isEqualTo("'\tx");
    assertThat(ExportStream.spreadsheetSafe("\rx")).isEqualTo("'\rx");
    assertThat(ExportStream.spreadsheetSafe("")).isEmpty();
    assertThat(ExportStream.spreadsheetSafe(null)).isNull();
  }
}
