package io.aviary.audit.pipeline.query;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * The body of an export, written as rows arrive from the database cursor: NDJSON (one wire event
 * per line) or CSV (the common columns under a fixed header, quoted by Jackson's CSV writer). It
 * holds an export permit, released when the body is done.
 */
final class ExportStream implements StreamingOutput {

  private static final Logger LOG = Logger.getLogger(ExportStream.class);
  private static final CsvMapper CSV = new CsvMapper();
  private static final CsvSchema HEADER = header();

  private final EventQueries queries;
  private final String org;
  private final EventFilter filter;
  private final boolean csv;
  private final int fetchSize;
  private final Semaphore permits;

  ExportStream(
      EventQueries queries,
      String org,
      EventFilter filter,
      boolean csv,
      int fetchSize,
      Semaphore permits) {
    this.queries = queries;
    this.org = org;
    this.filter = filter;
    this.csv = csv;
    this.fetchSize = fetchSize;
    this.permits = permits;
  }

  @Override
  public void write(OutputStream output) throws IOException {
    try (OutputStream out = new BufferedOutputStream(output, 64 * 1024)) {
      if (csv) {
        try (SequenceWriter rows = CSV.writer(HEADER).writeValues(out)) {
          queries.exportColumns(
              org,
              filter,
              fetchSize,
              row -> {
                row.replaceAll(ExportStream::spreadsheetSafe);
                rows.write(row);
              });
        }
      } else {
        queries.exportJson(
            org,
            filter,
            fetchSize,
            json -> {
              out.write(json);
              out.write('\n');
            });
      }
    } catch (SQLException e) {
      // The status line is already sent; cutting the body short is all that is left to do.
      LOG.error("Export failed while streaming", e);
      throw new UncheckedIOException(new IOException("export failed", e));
    } finally {
      permits.release();
    }
  }

  /**
   * The cell as a spreadsheet shows it rather than evaluates it: a value starting with {@code =},
   * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '} (OWASP's
   * advice against CSV injection). Client ids, user names and topics are chosen by devices, so an
   * attacker could otherwise plant a formula in a reviewer's spreadsheet. NDJSON exports are
   * verbatim.
   */
  static String spreadsheetSafe(String cell) {
    if (cell == null || cell.isEmpty()) {
      return cell;
    }
    return switch (cell.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
      default -> cell;
    };
  }

  private static CsvSchema header() {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    EventQueries.COLUMNS.forEach(schema::addColumn);
    return schema.build();
  }
}
